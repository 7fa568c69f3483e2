import { z } from "zod";
import { cursorQueryParam } from "./params";

/** The kinds of record the audit log names, for its "What changed" filter. */
export const AUDIT_ENTITY_TYPES = [
  "member",
  "organisation",
  "workshop",
  "workshop-series",
  "contact",
  "district",
  "circumstance",
  "specialism",
  "topic",
  "import",
  "invitation",
];

/** The audit log's query string: words to find, a kind of record and a place; anything else is ignored. */
export const auditFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  type: z
    .enum(AUDIT_ENTITY_TYPES as [string, ...string[]])
    .optional()
    .catch(undefined),
  /** The entry a page starts after (older entries) or ends before (newer ones); anything else is the first page. */
  after: cursorQueryParam,
  before: cursorQueryParam,
});
