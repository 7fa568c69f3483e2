import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { LessonProgressBar, StatusTag } from "~/components/learning-status";
import { formatDate } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { changesSinceCompleted } from "~/lib/learning/changed-lessons";
import { requireModule } from "~/lib/loaders.server";
import { getLearningRecord } from "~/models/learning-record.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.module.title ?? "Module"} – E-learning – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "take:learning", "self");
  const module = requireModule(params.moduleId);
  const record = getLearningRecord({ memberId: member.id }).modules.find((m) => m.module.id === module.id)!;
  const completion = record.latestCompletion;
  const sinceCompleted =
    completion && record.updatedSinceCompleted ? changesSinceCompleted(module, completion.moduleVersion) : null;
  return json({
    module: {
      id: module.id,
      title: module.title,
      tier: module.tier as Tier,
      summary: module.summary,
      introHtml: module.introHtml,
      estimatedMinutes: module.estimatedMinutes,
      passMark: module.passMark,
      questionCount: module.check.questionsPerAttempt,
      bankSize: module.check.questions.length,
      validityMonths: module.validityMonths ?? null,
      version: module.version,
      checked: { date: formatDate(`${module.checked.date}T12:00:00Z`), by: module.checked.by },
      sources: module.sources.map((s) => ({ ...s, date: s.date ? formatDate(`${s.date}T12:00:00Z`) : null })),
      changes: module.changes,
      lessons: module.lessons.map((l) => ({ id: l.id, title: l.title })),
    },
    progress: record.progress,
    status: record.status,
    updatedSinceCompleted: record.updatedSinceCompleted,
    sinceCompleted: sinceCompleted
      ? {
          notes: sinceCompleted.notes.map((n) => ({ ...n, date: formatDate(`${n.date}T12:00:00Z`) })),
          lessons: sinceCompleted.lessons,
        }
      : null,
    completion: completion
      ? {
          completed: formatDate(completion.completedAt),
          expires: completion.expiresAt ? formatDate(completion.expiresAt) : null,
          version: completion.moduleVersion,
          certificateCode: completion.certificateCode,
        }
      : null,
  });
}

export default function ModuleOverview() {
  const { module, progress, status, updatedSinceCompleted, sinceCompleted, completion } =
    useLoaderData<typeof loader>();
  const read = new Set(progress.completedLessonIds);
  const firstLesson = module.lessons[0].id;
  const allRead = progress.resumeLessonId === null;
  return (
    <>
      <span className="caption">{TIER_LABELS[module.tier]} e-learning</span>
      <h1>{module.title}</h1>
      <p className="lead">{module.summary}</p>
      <p>
        <StatusTag status={status} />
      </p>
      <p className="muted" id="checked">
        Checked against the law as it stood on {module.checked.date} (checked by: {module.checked.by}).
      </p>
      {completion ? (
        <div className="notification" role="region" aria-label="Your completion">
          <p className="notification__title">
            You completed this module on {completion.completed}
            {completion.expires ? `; it ${status === "expired" ? "expired" : "expires"} on ${completion.expires}` : ""}.
          </p>
          {updatedSinceCompleted ? (
            <p>
              This module has been updated since you completed it (you completed version {completion.version}; it is now
              version {module.version}). Your certificate is still valid. <a href="#updated">Read what changed</a>.
            </p>
          ) : null}
          {status === "expired" || status === "due" ? (
            <p>Take the module again and pass the knowledge check to refresh your certificate.</p>
          ) : null}
          <p>
            <Link to={`/certificates/${completion.certificateCode}`}>View your certificate</Link>
          </p>
        </div>
      ) : null}
      {sinceCompleted ? (
        <section className="notification" aria-labelledby="updated">
          <h2 id="updated" className="notification__title" tabIndex={-1}>
            What changed since you completed version {completion?.version}
          </h2>
          <ul>
            {sinceCompleted.notes.map((note) => (
              <li key={note.version}>
                Version {note.version} ({note.date}): {note.summary}
              </li>
            ))}
          </ul>
          {sinceCompleted.lessons.length > 0 ? (
            <>
              <p>You do not need to take the whole module again. Read the lessons that changed:</p>
              <ul className="lesson-list">
                {sinceCompleted.lessons.map((lesson) => (
                  <li key={lesson.id}>
                    <Link to={`/learn/${module.id}/lessons/${lesson.id}`}>
                      Lesson {lesson.position}: {lesson.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No lesson changed in a way you need to read again.</p>
          )}
          <p>
            Reading them does not change your certificate or when it expires; only passing the knowledge check again
            does.
          </p>
        </section>
      ) : null}
      <LessonProgressBar done={progress.completedCount} total={progress.total} id="module-progress" />
      <p>
        {allRead ? (
          <Link to={`/learn/${module.id}/check`} className="button">
            {completion ? "Take the knowledge check again" : "Take the knowledge check"}
          </Link>
        ) : (
          <Link to={`/learn/${module.id}/lessons/${progress.resumeLessonId}`} className="button">
            {progress.started ? "Continue where you left off" : "Start the module"}
          </Link>
        )}
        {allRead ? (
          <Link to={`/learn/${module.id}/lessons/${firstLesson}`} className="button button--secondary">
            Read the lessons again
          </Link>
        ) : null}
      </p>
      <div className="prose" dangerouslySetInnerHTML={{ __html: module.introHtml }} />
      <h2>Lessons</h2>
      <ol className="lesson-list">
        {module.lessons.map((lesson) => (
          <li key={lesson.id}>
            <Link to={`/learn/${module.id}/lessons/${lesson.id}`}>{lesson.title}</Link>
            {read.has(lesson.id) ? <strong className="tag tag--green">Read</strong> : null}
          </li>
        ))}
      </ol>
      <h2>Knowledge check</h2>
      <p>
        {module.questionCount} questions
        {module.bankSize > module.questionCount
          ? `, drawn at random from ${module.bankSize}, so a retake asks a different set`
          : ""}
        . You need {module.passMark}% to pass, and you can try as many times as you like. You will see why each answer
        is right after you submit.
        {module.validityMonths ? ` A pass is valid for ${module.validityMonths} months.` : ""}
      </p>
      <h2>Sources</h2>
      <ul>
        {module.sources.map((source) => (
          <li key={source.url}>
            <a href={source.url}>{source.title}</a>
            {source.date ? ` (${source.date})` : ""}
          </li>
        ))}
      </ul>
      <h2 id="changes" tabIndex={-1}>
        What changed
      </h2>
      <ul>
        {module.changes.map((change) => (
          <li key={change.version}>
            Version {change.version} ({formatDate(change.date)}): {change.summary}
          </li>
        ))}
      </ul>
    </>
  );
}
