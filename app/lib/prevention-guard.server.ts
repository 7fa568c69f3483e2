import { listDistricts } from "~/models/district.server";
import { listDistrictsContactedBy } from "~/models/prevention.server";
import { forbidden, requireMember, requirePermission } from "./guards.server";
import { can, canLogPrevention } from "./permissions";

const NOT_A_CHAMPION =
  "The prevention log is for champions: members on the Tier 1 or Tier 2 pathway. If you are one, ask the network coordinator to update your tier.";

const NOT_A_CONTACT =
  "This page is for each district housing team's named Duty to Refer contact. The network coordinator names them on the district's page.";

/** The signed-in champion (Tier 1 or 2), or a redirect to sign in, or a 403 that says who the log is for. */
export async function requireChampion(request: Request) {
  const member = await requirePermission(request, "log:prevention", "self");
  if (!canLogPrevention(member)) throw forbidden(NOT_A_CHAMPION);
  return member;
}

/**
 * The signed-in member and the districts whose Duty to Refer referrals they may
 * acknowledge: every district for the coordinator (after two-step sign-in, as
 * for any staff power), otherwise those naming them as the Duty to Refer contact.
 * A member who is neither gets a 403 that says who the page is for.
 */
export async function requireReferralContact(request: Request) {
  const member = await requireMember(request);
  if (can(member, "acknowledge:referral", "everywhere")) {
    await requirePermission(request, "acknowledge:referral", "everywhere");
    return { member, districts: listDistricts().map((d) => ({ id: d.id, name: d.name })) };
  }
  await requirePermission(request, "acknowledge:referral", "self");
  const districts = listDistrictsContactedBy({ memberId: member.id });
  if (districts.length === 0) throw forbidden(NOT_A_CONTACT);
  return { member, districts };
}
