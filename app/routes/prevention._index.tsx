import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { formatDate } from "~/lib/dates";
import { outcomeLinkPath } from "~/lib/email/prevention-emails";
import { canAcknowledgeReferrals } from "~/lib/permissions";
import { ACTION_LABELS, EARLINESS_LABELS, OUTCOME_LABELS, UNKNOWN_OUTCOME_LABEL } from "~/lib/prevention";
import { outcomeLinkToken } from "~/lib/prevention-links.server";
import { requireChampion } from "~/lib/prevention-guard.server";
import { listMemberCascadeSessions } from "~/models/cascade.server";
import { listDistrictsContactedBy, listMemberPreventionActions } from "~/models/prevention.server";

export const meta: MetaFunction = () => [{ title: "My prevention log – Champions Network" }];

/** A YYYY-MM-DD day as "3 March 2026". */
function day(value: string) {
  return formatDate(new Date(`${value}T12:00:00Z`));
}

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireChampion(request);
  const now = Date.now();
  const entries = listMemberPreventionActions({ memberId: member.id }).map((e) => ({
    id: e.id,
    actionOn: day(e.actionOn),
    action: ACTION_LABELS[e.action],
    earliness: EARLINESS_LABELS[e.earliness],
    circumstance: e.circumstance,
    district: e.district,
    organisation: e.organisation,
    note: e.note,
    answered: e.outcome !== null,
    outcome: e.outcome ? OUTCOME_LABELS[e.outcome] : UNKNOWN_OUTCOME_LABEL,
    followUpDue: e.followUpDueAt.getTime() > now ? formatDate(e.followUpDueAt) : null,
    acknowledged: e.action === "duty-to-refer" ? (e.acknowledgedAt ? formatDate(e.acknowledgedAt) : "") : null,
    outcomePath: outcomeLinkPath(e.id, outcomeLinkToken({ entryId: e.id, memberId: member.id })),
  }));
  const sessions = listMemberCascadeSessions({ memberId: member.id }).map((s) => ({
    ...s,
    heldOn: day(s.heldOn),
    tier: TIER_LABELS[s.tier as Tier] ?? `Tier ${s.tier}`,
  }));
  const contactFor = listDistrictsContactedBy({ memberId: member.id });
  const canAcknowledge = contactFor.length > 0 || canAcknowledgeReferrals(member, { dutyToReferMemberId: null });
  return json({
    entries,
    sessions,
    reached: sessions.reduce((sum, s) => sum + s.audienceSize, 0),
    canAcknowledge,
  });
}

export default function MyPreventionLog() {
  const { entries, sessions, reached, canAcknowledge } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>My prevention log</h1>
      <p>
        What you did to help people at risk of homelessness, and what happened. Eight weeks after each action we email
        you to ask the outcome; until you answer it counts as unknown.
      </p>
      <p>
        <Link to="/prevention/new" className="button">
          Log a prevention action
        </Link>{" "}
        <Link to="/prevention/training/new" className="button button--secondary">
          Record a training session you ran
        </Link>
      </p>
      {canAcknowledge ? (
        <p>
          <Link to="/prevention/referrals">Duty to Refer referrals to acknowledge</Link>
        </p>
      ) : null}
      <h2>Actions ({entries.length})</h2>
      {entries.length === 0 ? (
        <p>You have not logged any actions yet.</p>
      ) : (
        <ul className="card-list">
          {entries.map((e) => (
            <li key={e.id}>
              <h3>
                {e.actionOn}: {e.action}
              </h3>
              <dl className="summary-list">
                <div>
                  <dt>Circumstance</dt>
                  <dd>{e.circumstance}</dd>
                </div>
                <div>
                  <dt>District</dt>
                  <dd>{e.district}</dd>
                </div>
                <div>
                  <dt>Organisation</dt>
                  <dd>{e.organisation}</dd>
                </div>
                <div>
                  <dt>How early</dt>
                  <dd>{e.earliness}</dd>
                </div>
                {e.note ? (
                  <div>
                    <dt>Note</dt>
                    <dd>{e.note}</dd>
                  </div>
                ) : null}
                {e.acknowledged !== null ? (
                  <div>
                    <dt>Referral</dt>
                    <dd>{e.acknowledged ? `Acknowledged on ${e.acknowledged}` : "Not yet acknowledged"}</dd>
                  </div>
                ) : null}
                <div>
                  <dt>Outcome</dt>
                  <dd>
                    <span className={`tag ${e.answered ? "tag--green" : "tag--grey"}`}>{e.outcome}</span>{" "}
                    {e.followUpDue && !e.answered ? `(we will ask on ${e.followUpDue}) ` : null}
                    <Link to={e.outcomePath}>{e.answered ? "Change the outcome" : "Record the outcome"}</Link>
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <h2>Training you ran ({sessions.length})</h2>
      {sessions.length === 0 ? (
        <p>You have not recorded any training sessions yet.</p>
      ) : (
        <>
          <p>
            {reached} {reached === 1 ? "person" : "people"} reached through your sessions.
          </p>
          <ul className="card-list">
            {sessions.map((s) => (
              <li key={s.id}>
                <h3>
                  {s.heldOn}: {s.audienceSize} {s.audienceSize === 1 ? "person" : "people"}
                </h3>
                <p>
                  {s.tier} material, {s.lengthMinutes} minutes, at {s.organisation}
                  {s.audienceRoles ? `. Who came: ${s.audienceRoles}` : ""}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
