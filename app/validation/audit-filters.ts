import { z } from "zod";

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

/** The audit log's query string: words to find, a kind of record and a page; anything else is ignored. */
export const auditFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  type: z
    .enum(AUDIT_ENTITY_TYPES as [string, ...string[]])
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
