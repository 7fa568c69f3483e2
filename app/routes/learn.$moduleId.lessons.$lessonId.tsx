import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { LessonProgressBar } from "~/components/learning-status";
import { notFound, requirePermission } from "~/lib/guards.server";
import { requireModule } from "~/lib/learning/module-loader.server";
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
  return json({
    module: { id: module.id, title: module.title },
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
  const { module, lesson, total, previous, isLast, progress } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print">
        <Link to={`/learn/${module.id}`}>{module.title}: all lessons</Link>
      </p>
      <span className="caption">
        {module.title}: lesson {lesson.position} of {total}
      </span>
      <h1>{lesson.title}</h1>
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
