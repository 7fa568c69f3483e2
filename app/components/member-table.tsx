import { ROLE_LABELS, TIER_LABELS, type Role, type Tier } from "~drizzle/schema/constants";
import { CURRENCY_LABELS, type Currency } from "~/lib/currency";
import { PageLink } from "~/components/page-link";
import { TableRegion } from "~/components/table-region";

export type MemberRow = {
  id: number;
  name: string;
  email: string;
  jobTitle: string;
  organisationName: string | null;
  role: Role;
  tier: number;
  status: "active" | "deactivated";
  currency?: Currency | null;
};

/** Members as a table; names link to the member's record when the viewer may open it. */
export function MemberTable({
  members,
  caption,
  linkToRecord,
}: {
  members: MemberRow[];
  caption: string;
  linkToRecord: boolean;
}) {
  if (members.length === 0) return <p>No members match.</p>;
  return (
    <TableRegion label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Organisation</th>
            <th scope="col">Tier</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td>
                {linkToRecord ? <PageLink to={`/members/${member.id}`}>{member.name}</PageLink> : member.name}
                <br />
                <span className="muted">{member.jobTitle}</span>
              </td>
              <td>{member.organisationName ?? "Other"}</td>
              <td>
                {TIER_LABELS[member.tier as Tier]}
                {member.currency ? (
                  <span className="muted"> ({CURRENCY_LABELS[member.currency].toLowerCase()})</span>
                ) : null}
              </td>
              <td>{ROLE_LABELS[member.role]}</td>
              <td>
                {member.status === "active" ? (
                  <span className="tag tag--green">Active</span>
                ) : (
                  <span className="tag tag--grey">Deactivated</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
