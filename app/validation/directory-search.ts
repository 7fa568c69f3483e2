import { z } from "zod";
import { SECTORS } from "~drizzle/schema/constants";
import { districtQueryParam } from "./params";

/** "Ask the directory" query string: a circumstance and a district; anything else is ignored. */
export const askQuerySchema = z.object({
  circumstance: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional()
    .catch(undefined),
  district: districtQueryParam,
});

/** "Find a housing contact" query string: an organisation, a sector and a district; anything else is ignored. */
export const findQuerySchema = z.object({
  organisation: z.coerce.number().int().positive().optional().catch(undefined),
  sector: z.enum(SECTORS).optional().catch(undefined),
  district: districtQueryParam,
});
