import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatEventTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { notFound, requireCoordinator } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import { listTopics, scheduleTopic } from "~/models/feedback.server";
import { getWorkshop, listWorkshops } from "~/models/workshop.server";
import { scheduleTopicSchema } from "~/validation/workshop";

export const meta: MetaFunction = () => [{ title: "Topics proposed by champions – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  return json({
    topics: listTopics({ memberId: coordinator.id }).map((t) => ({
      id: t.id,
      title: t.title,
      details: t.details,
      proposedBy: t.proposedBy,
      proposed: formatDate(t.createdAt),
      supporters: t.supporters,
      status: t.status,
      scheduledWorkshopId: t.scheduledWorkshopId,
      scheduledWorkshopTitle: t.scheduledWorkshopTitle,
    })),
    upcoming: listWorkshops({ view: "upcoming" }).map((w) => ({
      id: w.id,
      label: `${w.title}, ${formatEventTime(w.startsAt, w.endsAt)}`,
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const parsed = scheduleTopicSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Choose a topic and a workshop.", { status: 400 });
  if (parsed.data.workshopId !== null && !getWorkshop({ id: parsed.data.workshopId }))
    throw notFound("We could not find that workshop.");
  withAudit(
    (tx) => scheduleTopic(parsed.data, tx),
    () => ({
      actorId: coordinator.id,
      action: "topic.scheduled",
      entityType: "topic",
      entityId: parsed.data.topicId,
      summary: parsed.data.workshopId ? "Marked a topic as scheduled" : "Reopened a topic",
      after: parsed.data,
    }),
  );
  return redirectWithFlash(
    "/manage/topics",
    parsed.data.workshopId ? "Topic marked as scheduled: champions will see “you said, we did”." : "Topic reopened.",
  );
}

export default function ManageTopics() {
  const { topics, upcoming } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Topics proposed by champions</h1>
      <p className="lead">
        Ranked by the number of members supporting each. Mark a topic as scheduled against the workshop that covers it.
      </p>
      {topics.length === 0 ? (
        <p>No topics yet. Champions propose them with their workshop feedback or on the topics page.</p>
      ) : null}
      <ol className="card-list">
        {topics.map((topic) => (
          <li key={topic.id}>
            <h2 className="notification__title">
              {topic.title}{" "}
              <span className="tag">
                {topic.supporters} supporter{topic.supporters === 1 ? "" : "s"}
              </span>
            </h2>
            {topic.details ? <p>{topic.details}</p> : null}
            <p className="muted">
              Proposed by {topic.proposedBy} on {topic.proposed}.
            </p>
            {topic.status === "scheduled" && topic.scheduledWorkshopId ? (
              <p>
                <strong className="tag tag--green">Scheduled</strong> in{" "}
                <Link to={`/manage/workshops/${topic.scheduledWorkshopId}`}>{topic.scheduledWorkshopTitle}</Link>
              </p>
            ) : null}
            <Form method="post" className="filters">
              <input type="hidden" name="topicId" value={topic.id} />
              <div className="form-group">
                <label className="label" htmlFor={`workshop-${topic.id}`}>
                  Scheduled in
                </label>
                <select
                  id={`workshop-${topic.id}`}
                  name="workshopId"
                  className="select"
                  defaultValue={topic.scheduledWorkshopId ? String(topic.scheduledWorkshopId) : ""}
                >
                  <option value="">Not scheduled yet</option>
                  {topic.scheduledWorkshopId && !upcoming.some((w) => w.id === topic.scheduledWorkshopId) ? (
                    <option value={topic.scheduledWorkshopId}>{topic.scheduledWorkshopTitle}</option>
                  ) : null}
                  {upcoming.map((w) => (
                    <option key={w.id} value={w.id}>
                      {w.label}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button button--secondary">
                Save<span className="visually-hidden"> for {topic.title}</span>
              </button>
            </Form>
          </li>
        ))}
      </ol>
    </>
  );
}
