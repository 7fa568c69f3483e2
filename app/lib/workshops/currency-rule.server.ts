import { getCatalogue } from "~/lib/content/catalogue.server";

/** The Tier 1 attendance rule from content/pathways.yaml (default: 3 of the last 6). */
export function tier1Rule() {
  return getCatalogue().pathways.tiers.find((t) => t.tier === 1)?.requires.workshops ?? { attended: 3, ofLast: 6 };
}
