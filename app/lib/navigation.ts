import { can, canLogPrevention, type Actor } from "./permissions";

export type NavigationItem = { to: string; label: string };

/** The main navigation, showing only what the viewer's role may use. */
export function navigationFor(
  viewer: (Actor & { tier?: number }) | null,
  ownOrganisationSlug?: string | null,
): NavigationItem[] {
  const items: NavigationItem[] = [
    { to: "/", label: "Home" },
    { to: "/organisations", label: "Organisations" },
    { to: "/districts", label: "District housing teams" },
    { to: "/toolkit", label: "Toolkit" },
  ];
  if (!viewer) return items;
  if (can(viewer, "take:learning", "self")) {
    items.push({ to: "/learn", label: "E-learning" }, { to: "/learning", label: "My learning" });
  }
  if (can(viewer, "book:workshop", "self")) items.push({ to: "/workshops", label: "Workshops" });
  if (can(viewer, "read:directory", "everywhere")) items.push({ to: "/directory", label: "Directory" });
  if (viewer.tier !== undefined && canLogPrevention({ ...viewer, tier: viewer.tier }))
    items.push({ to: "/prevention", label: "Prevention log" });
  if (can(viewer, "raise:barrier", "self")) items.push({ to: "/barriers", label: "System barriers" });
  if (can(viewer, "manage:workshop", "everywhere")) items.push({ to: "/manage", label: "Coordinator" });
  if (can(viewer, "read:report", { organisationId: viewer.organisationId }))
    items.push({ to: "/reports", label: "Reports" });
  if (can(viewer, "read:member", "everywhere")) {
    items.push({ to: "/members", label: "Members" });
  } else if (
    ownOrganisationSlug &&
    can(viewer, "read:organisation-members", { organisationId: viewer.organisationId })
  ) {
    items.push({ to: `/organisations/${ownOrganisationSlug}/members`, label: "My organisation" });
  }
  items.push({ to: "/account", label: "My account" });
  return items;
}
