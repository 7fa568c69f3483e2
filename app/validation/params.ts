import { z } from "zod";

export const slugParam = z.string().regex(/^[a-z0-9-]{1,100}$/);
export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
