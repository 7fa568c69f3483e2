import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PREVENTION_OUTCOMES } from "~drizzle/schema/constants";
import { ErrorSummary } from "~/components/error-summary";
import { Radios } from "~/components/ui/radios";
import { formatDate } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { ACTION_LABELS, EARLINESS_LABELS, OUTCOME_LABELS } from "~/lib/prevention";
import { isOutcomeLinkToken } from "~/lib/prevention-links.server";
import { linkTokenParam } from "~/lib/tokens.server";
import { getPreventionAction, recordOutcome } from "~/models/prevention.server";
import { idParam } from "~/validation/params";
import { outcomeQuerySchema, outcomeSchema } from "~/validation/prevention";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data && "entry" in data && data.entry ? "" : "Link not recognised: "}What happened? – Champions Network`,
  },
];

/**
 * The entry the link is for, only when its token was made for that entry and
 * its champion; otherwise undefined, the same for a forged token, another
 * entry's token and an entry that does not exist.
 */
function entryFor(params: LoaderFunctionArgs["params"]) {
  // Only the digits the email wrote: "1.0" or "1e0" are not this entry's link.
  const id = /^[1-9]\d{0,15}$/.test(params.id ?? "") ? idParam.safeParse(params.id) : null;
  const token = linkTokenParam(params.token);
  if (!id?.success || !token) return undefined;
  const entry = getPreventionAction({ id: id.data });
  if (!entry || !isOutcomeLinkToken({ entryId: entry.id, memberId: entry.memberId, token })) return undefined;
  return entry;
}

/** From the follow-up email: shows the chosen outcome with a button; recording it is a POST, never the GET. */
export function loader({ request, params }: LoaderFunctionArgs) {
  const entry = entryFor(params);
  if (!entry) return json({ entry: null, chosen: null }, { status: 404 });
  const { outcome } = outcomeQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({
    entry: {
      actionOn: formatDate(new Date(`${entry.actionOn}T12:00:00Z`)),
      action: ACTION_LABELS[entry.action],
      earliness: EARLINESS_LABELS[entry.earliness],
      circumstance: entry.circumstance,
      district: entry.district,
      outcome: entry.outcome,
      outcomeAt: entry.outcomeAt ? formatDate(entry.outcomeAt) : null,
    },
    chosen: outcome ?? null,
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const entry = entryFor(params);
  if (!entry) throw new Response("This link is not recognised.", { status: 404 });
  const parsed = parseForm(outcomeSchema, await request.formData());
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  recordOutcome({ id: entry.id, memberId: entry.memberId, outcome: parsed.data.outcome });
  const path = new URL(request.url).pathname;
  return redirectWithFlash(path, `Thank you: the outcome is recorded as “${OUTCOME_LABELS[parsed.data.outcome]}”.`);
}

export default function RecordOutcome() {
  const { entry, chosen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  if (!entry) {
    return (
      <>
        <h1>This link is not recognised</h1>
        <p>
          Check that you used the whole link from the email. You can also sign in and record the outcome from your
          prevention log.
        </p>
        <p>
          <Link to="/prevention">My prevention log</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>What happened?</h1>
      <dl className="summary-list">
        <div>
          <dt>Date</dt>
          <dd>{entry.actionOn}</dd>
        </div>
        <div>
          <dt>What you did</dt>
          <dd>{entry.action}</dd>
        </div>
        <div>
          <dt>Circumstance</dt>
          <dd>{entry.circumstance}</dd>
        </div>
        <div>
          <dt>District</dt>
          <dd>{entry.district}</dd>
        </div>
        <div>
          <dt>How early</dt>
          <dd>{entry.earliness}</dd>
        </div>
      </dl>
      {entry.outcome ? (
        <p>
          Recorded on {entry.outcomeAt} as <strong>{OUTCOME_LABELS[entry.outcome]}</strong>. You can change it below.
        </p>
      ) : null}
      <Form method="post" noValidate>
        <Radios
          name="outcome"
          legend="Outcome"
          hint={chosen ? "This is the outcome you chose in the email. Confirm it, or choose another." : undefined}
          defaultValue={actionData?.values.outcome ?? chosen ?? entry.outcome ?? undefined}
          error={errors?.outcome}
          options={PREVENTION_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
        />
        <button type="submit" className="button">
          Confirm the outcome
        </button>
      </Form>
    </>
  );
}
