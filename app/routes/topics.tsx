import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextArea, TextField } from "~/components/ui/field";
import { formatDate } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { notFound, requirePermission } from "~/lib/guards.server";
import { listTopics, proposeTopic, setTopicSupport } from "~/models/feedback.server";
import { topicSchema, topicSupportSchema } from "~/validation/workshop";

export const meta: MetaFunction = () => [{ title: "Topics for future workshops – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "give:feedback", "self");
  return json({
    topics: listTopics({ memberId: member.id }).map((t) => ({
      id: t.id,
      title: t.title,
      details: t.details,
      proposedBy: t.proposedBy,
      proposed: formatDate(t.createdAt),
      supporters: t.supporters,
      supportedByMe: t.supportedByMe,
      status: t.status,
      scheduledIn: t.scheduledWorkshopTitle
        ? {
            id: t.scheduledWorkshopId!,
            title: t.scheduledWorkshopTitle,
            date: formatDate(t.scheduledWorkshopStartsAt!),
          }
        : null,
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const member = await requirePermission(request, "give:feedback", "self");
  const form = await request.formData();
  if (form.get("intent") === "support") {
    const parsed = topicSupportSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw new Response("Choose a topic to support.", { status: 400 });
    if (!setTopicSupport({ topicId: parsed.data.topicId, memberId: member.id, support: parsed.data.support === "yes" }))
      throw notFound();
    return redirectWithFlash(
      "/topics",
      parsed.data.support === "yes" ? "You support this topic." : "You no longer support this topic.",
    );
  }
  const parsed = parseForm(topicSchema, form);
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors; values: FormValues }>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  proposeTopic({ memberId: member.id, ...parsed.data });
  return redirectWithFlash("/topics", "Your topic has been added. Others can now support it.");
}

export default function Topics() {
  const { topics } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Topics for future workshops</h1>
      <p className="lead">
        Champions shape the training. Propose a topic, or support one someone else has proposed: the coordinator plans
        workshops from the most supported.
      </p>
      {topics.length === 0 ? <p>No topics have been proposed yet.</p> : null}
      <ol className="card-list">
        {topics.map((topic) => (
          <li key={topic.id}>
            <h2 className="notification__title">{topic.title}</h2>
            {topic.details ? <p>{topic.details}</p> : null}
            <p className="muted">
              Proposed by {topic.proposedBy} on {topic.proposed}. {topic.supporters} supporter
              {topic.supporters === 1 ? "" : "s"}.
            </p>
            {topic.scheduledIn ? (
              <p>
                <strong className="tag tag--green">You said, we did</strong> Scheduled in{" "}
                <a href={`/workshops/${topic.scheduledIn.id}`}>{topic.scheduledIn.title}</a> on {topic.scheduledIn.date}
                .
              </p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="support" />
                <input type="hidden" name="topicId" value={topic.id} />
                <input type="hidden" name="support" value={topic.supportedByMe ? "no" : "yes"} />
                <button type="submit" className="button button--secondary">
                  {topic.supportedByMe ? "Withdraw my support" : "Support this topic"}
                  <span className="visually-hidden">: {topic.title}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ol>
      <h2>Propose a topic</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="propose" />
        <TextField
          name="title"
          label="Topic"
          defaultValue={actionData?.values.title}
          error={errors?.title}
          maxLength={150}
        />
        <TextArea
          name="details"
          label="What would you like covered? (optional)"
          rows={3}
          defaultValue={actionData?.values.details}
          error={errors?.details}
          maxLength={1000}
        />
        <button type="submit" className="button">
          Propose topic
        </button>
      </Form>
    </>
  );
}
