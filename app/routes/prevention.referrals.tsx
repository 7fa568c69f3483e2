import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField } from "~/components/ui/field";
import { formatDate } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { forbidden } from "~/lib/guards.server";
import { canAcknowledgeReferrals } from "~/lib/permissions";
import { EARLINESS_LABELS } from "~/lib/prevention";
import { requireReferralContact } from "~/lib/prevention-guard.server";
import { acknowledgeReferral, dutyToReferMemberId, listUnacknowledgedReferrals } from "~/models/prevention.server";
import { districtQuerySchema } from "~/validation/params";
import { acknowledgeSchema } from "~/validation/prevention";

export const meta: MetaFunction = () => [{ title: "Duty to Refer referrals to acknowledge – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { districts } = await requireReferralContact(request);
  const asked = districtQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)).district;
  const district = districts.find((d) => d.id === asked) ?? districts[0];
  const referrals = listUnacknowledgedReferrals({ districtId: district.id }).map((r) => ({
    id: r.id,
    actionOn: formatDate(new Date(`${r.actionOn}T12:00:00Z`)),
    logged: formatDate(r.createdAt),
    organisation: r.organisation,
    circumstance: r.circumstance,
    earliness: EARLINESS_LABELS[r.earliness],
  }));
  return json({ districts, district, referrals });
}

export async function action({ request }: ActionFunctionArgs) {
  const { member } = await requireReferralContact(request);
  const parsed = parseForm(acknowledgeSchema, await request.formData());
  if (!parsed.success) return json<{ fieldErrors: FieldErrors }>({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  const { id, districtId } = parsed.data;
  if (!canAcknowledgeReferrals(member, { dutyToReferMemberId: dutyToReferMemberId({ districtId }) }))
    throw forbidden("Only the district's named Duty to Refer contact can acknowledge its referrals.");
  const done = acknowledgeReferral({ id, districtId, memberId: member.id });
  const back = `/prevention/referrals?district=${encodeURIComponent(districtId)}`;
  return redirectWithFlash(
    back,
    done ? "Acknowledged: the champion can see it in their log." : "That referral was already acknowledged.",
  );
}

export default function ReferralsToAcknowledge() {
  const { districts, district, referrals } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <h1>Duty to Refer referrals to acknowledge</h1>
      <p>
        Champions log each Duty to Refer referral they make. Acknowledge each one once your team has received it: the
        network reports how quickly each district responds. The log holds no names or other personal data, so match
        referrals by date, organisation and circumstance.
      </p>
      {districts.length > 1 ? (
        <Form method="get" className="filters" aria-label="Choose a district">
          <SelectField
            name="district"
            label="District"
            defaultValue={district.id}
            options={districts.map((d) => ({ value: d.id, label: d.name }))}
          />
          <button type="submit" className="button button--secondary">
            Show
          </button>
        </Form>
      ) : null}
      <h2>
        {district.name}: {referrals.length} waiting
      </h2>
      {referrals.length === 0 ? (
        <p>Nothing waiting: every referral logged for {district.name} has been acknowledged.</p>
      ) : (
        <ul className="card-list">
          {referrals.map((r) => (
            <li key={r.id}>
              <h3>
                Referral made on {r.actionOn} by {r.organisation}
              </h3>
              <p>
                {r.circumstance}. {r.earliness}. Logged on {r.logged}.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="acknowledge" />
                <input type="hidden" name="id" value={r.id} />
                <input type="hidden" name="districtId" value={district.id} />
                <button type="submit" className="button button--secondary">
                  Acknowledge
                  <span className="visually-hidden">
                    {" "}
                    the referral made on {r.actionOn} by {r.organisation}
                  </span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/prevention">Back</Link>
      </p>
    </>
  );
}
