import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LessonProgressBar } from "~/components/learning-status";
import { formatDate } from "~/lib/dates";
import { notFound, requirePermission } from "~/lib/guards.server";
import { lessonChangesSinceCompleted } from "~/lib/learning/changed-lessons";
import { requireModule } from "~/lib/loaders.server";
import { findLatestCompletion } from "~/models/completion.server";
import { getModuleProgress, markLessonComplete } from "~/models/lesson-progress.server";
import type { LearningModule } from "~/lib/content/catalogue.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.lesson.title} (lesson ${data.lesson.position} of ${data.total}) – ${data.module.title} – Champions Network`
      : "Lesson – Champions Network",
  },
];

function requireLesson(module: LearningModule, rawLessonId: string | undefined) {
  const lesson = module.lessons.find((l) => l.id === rawLessonId);
  if (!lesson) throw notFound("We could not find that lesson in this module.");
  return lesson;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "take:learning", "self");
  const module = requireModule(params.moduleId);
  const lesson = requireLesson(module, params.lessonId);
  const progress = getModuleProgress({ memberId: member.id, module });
  const previous = module.lessons[lesson.position - 2];
  const completion = findLatestCompletion({ memberId: member.id, moduleId: module.id });
  const changedSinceCompleted =
    completion && completion.moduleVersion < module.version
      ? lessonChangesSinceCompleted(module, completion.moduleVersion, lesson.id).map((n) => ({
          ...n,
          date: formatDate(`${n.date}T12:00:00Z`),
        }))
      : [];
  return json({
    module: {
      id: module.id,
      title: module.title,
      checked: { date: formatDate(`${module.checked.date}T12:00:00Z`), by: module.checked.by },
    },
    changedSinceCompleted,
    lesson: { id: lesson.id, title: lesson.title, position: lesson.position, html: lesson.html },
    total: module.lessons.length,
    previous: previous ? { id: previous.id, title: previous.title } : null,
    isLast: lesson.position === module.lessons.length,
    progress: { done: progress.completedCount, total: progress.total },
    alreadyRead: progress.completedLessonIds.includes(lesson.id),
  });
}

/** "Continue" records the lesson as read, then moves on: to the next lesson, or to the check. */
export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requirePermission(request, "take:learning", "self");
  const module = requireModule(params.moduleId);
  const lesson = requireLesson(module, params.lessonId);
  markLessonComplete({ memberId: member.id, module, lessonId: lesson.id });
  const progress = getModuleProgress({ memberId: member.id, module });
  const next = module.lessons[lesson.position];
  if (next) return redirect(`/learn/${module.id}/lessons/${next.id}`);
  if (progress.resumeLessonId) return redirect(`/learn/${module.id}/lessons/${progress.resumeLessonId}`);
  return redirect(`/learn/${module.id}/check`);
}

export default function LessonPage() {
  const { module, lesson, total, previous, isLast, progress, changedSinceCompleted } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print">
        <Link to={`/learn/${module.id}`}>{module.title}: all lessons</Link>
      </p>
      <span className="caption">
        {module.title}: lesson {lesson.position} of {total}
      </span>
      <h1>{lesson.title}</h1>
      <p className="muted">
        Checked against the law as it stood on {module.checked.date} (checked by: {module.checked.by}).
      </p>
      {changedSinceCompleted.length > 0 ? (
        <div className="notification" role="region" aria-label="Changed since you completed this module">
          <p className="notification__title">This lesson has changed since you completed the module.</p>
          <ul>
            {changedSinceCompleted.map((note) => (
              <li key={note.version}>
                Version {note.version} ({note.date}): {note.summary}
              </li>
            ))}
          </ul>
          <p>
            <Link to={`/learn/${module.id}#updated`}>Back to what changed</Link>
          </p>
        </div>
      ) : null}
      <LessonProgressBar done={progress.done} total={progress.total} id="lesson-progress" />
      <div className="prose" dangerouslySetInnerHTML={{ __html: lesson.html }} />
      <div className="pager">
        <Form method="post">
          <button type="submit" className="button">
            {isLast ? "Finish and go to the knowledge check" : "Continue to the next lesson"}
          </button>
        </Form>
        {previous ? (
          <Link to={`/learn/${module.id}/lessons/${previous.id}`}>Previous lesson: {previous.title}</Link>
        ) : null}
      </div>
    </>
  );
}
