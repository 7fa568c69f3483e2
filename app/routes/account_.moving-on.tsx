import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { forbidden, requirePermission } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import { listPossibleDeputies } from "~/models/booking.server";
import { proposeSuccessor, SuccessionError } from "~/models/succession.server";
import { movingOnSchema } from "~/validation/succession";

export const meta: MetaFunction = () => [{ title: "I'm moving on – Champions Network" }];

/** A Tier 1 champion with an organisation may name their successor; anyone else is told why not. */
async function requireChampion(request: Request) {
  const member = await requirePermission(request, "update:profile", "self");
  if (member.tier !== 1 || member.organisationId === null) {
    throw forbidden("Only a Tier 1 champion of an organisation can name a successor here.");
  }
  return member;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireChampion(request);
  return json({ colleagues: listPossibleDeputies({ memberId: member.id }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const member = await requireChampion(request);
  const parsed = parseForm(movingOnSchema, await request.formData());
  if (!parsed.success) return json<{ fieldErrors: FieldErrors }>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    withAudit(
      (tx) => proposeSuccessor({ championId: member.id, successorId: parsed.data.successorId }, tx),
      (nomination) => ({
        actorId: member.id,
        action: "succession.moving-on",
        entityType: "successor_nomination",
        entityId: nomination.id,
        summary: "Stepped down as Tier 1 champion and named a successor",
        after: { successorId: nomination.successorId, organisationId: nomination.organisationId },
      }),
    );
  } catch (error) {
    if (!(error instanceof SuccessionError)) throw error;
    return json<{ fieldErrors: FieldErrors }>({ fieldErrors: { successorId: error.message } }, { status: 400 });
  }
  return redirectWithFlash("/account", "Thank you. Your organisation lead has been asked to confirm your successor.");
}

export default function MovingOn() {
  const { colleagues } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>I&apos;m moving on</h1>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <p className="lead">
        Name the colleague who will take over as your organisation&apos;s Tier 1 champion. You step down from Tier 1 now
        (your learning record stays yours) and your organisation lead is asked to confirm.
      </p>
      <Form method="post">
        <SelectField
          name="successorId"
          label="Your successor"
          options={[
            { value: "", label: "Choose a colleague" },
            ...colleagues.map((c) => ({ value: String(c.id), label: c.name })),
          ]}
          error={actionData?.fieldErrors?.successorId}
        />
        <button className="button">Name my successor</button>
      </Form>
      <p>
        <Link to="/account">Back to My account</Link>
      </p>
    </>
  );
}
