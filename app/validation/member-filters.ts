import { z } from "zod";
import { MEMBER_STATUSES, ROLES } from "~drizzle/schema/constants";
import { CURRENCIES } from "~/lib/currency";
import { cursorQueryParam, districtQueryParam, pageQueryParam } from "./params";

/** Filters on the members list; anything unrecognised is ignored rather than refused. */
export const memberFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  organisation: z.coerce.number().int().positive().optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  tier: z.coerce.number().int().min(1).max(3).optional().catch(undefined),
  status: z.enum(MEMBER_STATUSES).optional().catch(undefined),
  currency: z.enum(CURRENCIES).optional().catch(undefined),
  district: districtQueryParam,
  /** The member a page starts after, or ends before (a member id); anything else is the first page. */
  after: cursorQueryParam,
  before: cursorQueryParam,
});

/** The Tier 1 currency page: a tab (all, or one status) and a page; anything else shows the first page of all. */
export const currencyQuerySchema = pageQueryParam.extend({
  view: z.enum(["all", ...CURRENCIES]).catch("all"),
});
