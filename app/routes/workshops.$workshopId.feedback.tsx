import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextArea, TextField } from "~/components/ui/field";
import { Radios } from "~/components/ui/radios";
import { formatEventTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { requireWorkshop } from "~/lib/loaders.server";
import { canLeaveFeedback, FeedbackError, leaveFeedback } from "~/models/feedback.server";
import { feedbackSchema } from "~/validation/workshop";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Feedback: ${data?.workshop.title ?? "workshop"} – Champions Network` },
];

const REASONS = {
  "not-ended": "You can give feedback once the workshop has ended.",
  "not-attended": "Only people recorded as attending can give feedback on this workshop.",
  "already-given": "You have already given feedback on this workshop. Thank you.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "give:feedback", "self");
  const workshop = requireWorkshop(params.workshopId);
  const check = canLeaveFeedback({ workshopId: workshop.id, memberId: member.id });
  return json({
    workshop: { id: workshop.id, title: workshop.title, when: formatEventTime(workshop.startsAt, workshop.endsAt) },
    closedReason: check.allowed ? null : REASONS[check.reason],
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requirePermission(request, "give:feedback", "self");
  const workshop = requireWorkshop(params.workshopId);
  const parsed = parseForm(feedbackSchema, await request.formData());
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const { rating, mostUseful, topicTitle, topicDetails } = parsed.data;
  try {
    leaveFeedback({
      workshopId: workshop.id,
      memberId: member.id,
      rating,
      mostUseful,
      topic: topicTitle ? { title: topicTitle, details: topicDetails } : null,
    });
  } catch (error) {
    if (!(error instanceof FeedbackError)) throw error;
    return json<ActionData>({ fieldErrors: { form: error.message }, values: parsed.values }, { status: 400 });
  }
  return redirectWithFlash(`/workshops/${workshop.id}`, "Thank you: your feedback has been sent to the coordinator.");
}

export default function WorkshopFeedback() {
  const { workshop, closedReason } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="caption">{workshop.when}</span>
      <h1>Feedback: {workshop.title}</h1>
      {closedReason ? (
        <p>{closedReason}</p>
      ) : (
        <Form method="post" noValidate>
          <p>Tier 1 champions shape the network's training. The coordinator reads every response.</p>
          <Radios
            name="rating"
            legend="How useful was the workshop?"
            hint="1 is not useful, 5 is very useful."
            inline
            defaultValue={values.rating}
            error={errors?.rating}
            options={["1", "2", "3", "4", "5"].map((v) => ({ value: v, label: v }))}
          />
          <TextArea
            name="mostUseful"
            label="What was most useful? (optional)"
            defaultValue={values.mostUseful}
            error={errors?.mostUseful}
            maxLength={2000}
          />
          <h2>Propose a topic for a future workshop (optional)</h2>
          <TextField
            name="topicTitle"
            label="Topic"
            defaultValue={values.topicTitle}
            error={errors?.topicTitle}
            maxLength={150}
          />
          <TextArea
            name="topicDetails"
            label="What would you like covered? (optional)"
            rows={3}
            defaultValue={values.topicDetails}
            error={errors?.topicDetails}
            maxLength={1000}
          />
          <button type="submit" className="button">
            Send feedback
          </button>
        </Form>
      )}
      <p>
        <Link to={`/workshops/${workshop.id}`}>Back to the workshop</Link>
      </p>
    </>
  );
}
