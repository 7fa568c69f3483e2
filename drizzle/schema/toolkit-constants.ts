/** Enumerations for toolkit cards, used by the tables, the zod schemas and the pages (no drizzle import). */
export const TOOLKIT_CARD_TYPES = ["procedure", "checklist", "local-service", "protocol", "template", "guide"] as const;
export type ToolkitCardType = (typeof TOOLKIT_CARD_TYPES)[number];

export const TOOLKIT_CARD_TYPE_LABELS: Record<ToolkitCardType, string> = {
  procedure: "Procedure",
  checklist: "Checklist",
  "local-service": "Local service",
  protocol: "Protocol",
  template: "Template",
  guide: "Guide",
};

/** Who may read a card: anyone, signed-in members, or staff (coordinators and administrators). */
export const TOOLKIT_VISIBILITIES = ["public", "members", "staff"] as const;
export type ToolkitVisibility = (typeof TOOLKIT_VISIBILITIES)[number];

export const TOOLKIT_VISIBILITY_LABELS: Record<ToolkitVisibility, string> = {
  public: "Public",
  members: "Members only",
  staff: "Staff only",
};
