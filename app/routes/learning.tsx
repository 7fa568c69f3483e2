import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ATTENDANCE_LABELS, TIER_LABELS, type Tier } from "~drizzle/schema/constants";
import { StatusTag } from "~/components/learning-status";
import { formatDate } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { changesSinceCompleted } from "~/lib/learning/changed-lessons";
import { completionState } from "~/lib/learning/completion-status";
import { nextLearningStep } from "~/lib/learning/pathways";
import { CurrencySummary } from "~/components/currency-summary";
import { listMemberAttendance } from "~/models/attendance.server";
import { getTier1Attendance, tier1Rule } from "~/models/currency.server";
import { getLearningRecord } from "~/models/learning-record.server";
import { formatCertificateCode } from "~/models/completion.server";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction = () => [{ title: "My learning – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "take:learning", "self");
  const attendance = getTier1Attendance({ memberId: member.id });
  const { modules, pathway, completions } = getLearningRecord({
    memberId: member.id,
    workshopAttendance: attendance ? { attended: attendance.attended, considered: attendance.considered } : null,
  });
  const byId = new Map(modules.map((m) => [m.module.id, m]));
  return json({
    memberTier: member.tier as Tier,
    currency: member.tier === 1 && attendance ? attendance : null,
    rule: tier1Rule(),
    attendance: listMemberAttendance({ memberId: member.id }).map((a) => ({
      workshopId: a.workshopId,
      title: a.title,
      date: formatDate(a.startsAt),
      status: a.status,
    })),
    pathway: pathway.map((tier) => ({
      ...tier,
      modules: tier.modules.map((m) => ({
        ...m,
        inProgress: byId.get(m.moduleId)?.status === "in-progress",
        updatedSinceCompleted: byId.get(m.moduleId)?.updatedSinceCompleted ?? false,
      })),
    })),
    nextStep: nextLearningStep(pathway),
    attention: modules
      .filter((m) => m.status === "expired" || m.status === "due" || m.updatedSinceCompleted)
      .map((m) => ({
        moduleId: m.module.id,
        title: m.module.title,
        status: m.status,
        expires: m.latestCompletion?.expiresAt ? formatDate(m.latestCompletion.expiresAt) : null,
        updatedSinceCompleted: m.updatedSinceCompleted,
        changedLessons:
          m.updatedSinceCompleted && m.latestCompletion
            ? changesSinceCompleted(m.module, m.latestCompletion.moduleVersion).lessons.length
            : 0,
      })),
    certificates: completions.map((c) => ({
      code: c.certificateCode,
      displayCode: formatCertificateCode(c.certificateCode),
      title: c.moduleTitle,
      tier: c.tier as Tier,
      completed: formatDate(c.completedAt),
      expires: c.expiresAt ? formatDate(c.expiresAt) : null,
      state: completionState({ expiresAt: c.expiresAt }),
    })),
  });
}

const STATE_TEXT = {
  "not-completed": "Not completed",
  current: "Completed",
  due: "Completed: refresher due soon",
  expired: "Expired: refresh now",
} as const;

export default function MyLearning() {
  const { memberTier, currency, rule, attendance, pathway, nextStep, attention, certificates } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1>My learning</h1>
      <p className="lead">You are a {TIER_LABELS[memberTier]} member of the network.</p>
      {currency ? <CurrencySummary currency={currency} rule={rule} self lead="Your Tier 1 currency:" /> : null}
      {nextStep ? (
        <div className="notification">
          <h2 className="notification__title">What to do next</h2>
          <p>
            {nextStep.expired ? "Refresh" : "Complete"} <Link to={`/learn/${nextStep.moduleId}`}>{nextStep.title}</Link>
            .
          </p>
        </div>
      ) : null}
      {attention.length > 0 ? (
        <>
          <h2>Needs your attention</h2>
          <ul>
            {attention.map((item) => (
              <li key={item.moduleId}>
                <Link to={`/learn/${item.moduleId}`}>{item.title}</Link>:{" "}
                {item.status === "expired"
                  ? `expired on ${item.expires}. Take it again to refresh your certificate.`
                  : null}
                {item.status === "due" ? `expires on ${item.expires}. Refresh it before then.` : null}
                {item.updatedSinceCompleted ? (
                  <>
                    {" "}
                    Updated since you completed it
                    {item.changedLessons > 0
                      ? ` (${item.changedLessons} ${item.changedLessons === 1 ? "lesson" : "lessons"} changed)`
                      : ""}
                    : <Link to={`/learn/${item.moduleId}#updated`}>read what changed</Link>.
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Your tier pathway</h2>
      {pathway.map((tier) => (
        <section key={tier.tier} className="pathway-tier" aria-labelledby={`pathway-${tier.tier}`}>
          <h3 id={`pathway-${tier.tier}`}>
            {tier.title}{" "}
            {tier.achieved ? (
              <strong className="tag tag--green">Achieved</strong>
            ) : (
              <strong className="tag tag--grey">Not yet</strong>
            )}
          </h3>
          <p>{tier.description}</p>
          <ul className="lesson-list">
            {tier.requiredTiers.map((required) => (
              <li key={`tier-${required.tier}`}>
                <span>{TIER_LABELS[required.tier as Tier]} achieved first</span>
                <span>{required.achieved ? "Done" : "Not yet"}</span>
              </li>
            ))}
            {tier.modules.map((module) => (
              <li key={module.moduleId}>
                <Link to={`/learn/${module.moduleId}`}>{module.title}</Link>
                <span>
                  {module.state === "not-completed" && module.inProgress ? "In progress" : STATE_TEXT[module.state]}
                  {module.updatedSinceCompleted ? " (updated since you completed)" : ""}
                </span>
              </li>
            ))}
            {tier.workshops ? (
              <li>
                <span>
                  Attend at least {tier.workshops.required} of the last {tier.workshops.ofLast} network workshops
                </span>
                <span>
                  {tier.workshops.attended === null
                    ? "No workshop registers recorded yet"
                    : `${tier.workshops.attended} attended`}
                </span>
              </li>
            ) : null}
          </ul>
        </section>
      ))}
      <h2>Your workshop attendance</h2>
      {attendance.length === 0 ? (
        <p>
          No attendance recorded yet. <Link to="/workshops">See upcoming workshops</Link>.
        </p>
      ) : (
        <TableRegion label="Your workshop attendance">
          <table>
            <caption className="visually-hidden">Your workshop attendance</caption>
            <thead>
              <tr>
                <th scope="col">Workshop</th>
                <th scope="col">Date</th>
                <th scope="col">Attendance</th>
              </tr>
            </thead>
            <tbody>
              {attendance.map((a) => (
                <tr key={a.workshopId}>
                  <td>
                    <Link to={`/workshops/${a.workshopId}`}>{a.title}</Link>
                  </td>
                  <td>{a.date}</td>
                  <td>{ATTENDANCE_LABELS[a.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <h2>Your certificates</h2>
      {certificates.length === 0 ? (
        <p>
          You have no certificates yet. Pass a module's knowledge check to get one.{" "}
          <Link to="/learn">Browse the e-learning</Link>.
        </p>
      ) : (
        <TableRegion label="Your certificates">
          <table>
            <caption className="visually-hidden">Your certificates</caption>
            <thead>
              <tr>
                <th scope="col">Module</th>
                <th scope="col">Completed</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.code}>
                  <td>
                    <Link to={`/certificates/${c.code}`}>{c.title}</Link>
                    <br />
                    <span className="muted">{TIER_LABELS[c.tier]}</span>
                  </td>
                  <td>{c.completed}</td>
                  <td>{c.expires ?? "Does not expire"}</td>
                  <td>
                    <StatusTag status={c.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}
