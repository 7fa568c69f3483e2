import { z } from "zod";

export const slugParam = z.string().regex(/^[a-z0-9-]{1,100}$/);
export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A district id: county ids are words ("west-oxfordshire"), national ones carry numbers ("la-042"). */
export const districtIdParam = z.string().regex(/^[a-z0-9-]{1,40}$/);
/** A district id in a query string; anything else is ignored. */
export const districtQueryParam = districtIdParam.optional().catch(undefined);
/** A query string whose only filter is a district (`?district=`). */
export const districtQuerySchema = z.object({ district: districtQueryParam });

/** A page number in a query string; anything else is the first page. */
export const pageNumberParam = z.coerce.number().int().min(1).max(10_000).catch(1);
/** A page number in a query string (`?page=`); anything else is the first page. */
export const pageQueryParam = z.object({ page: pageNumberParam });

/** A row id a page of a list starts after or ends before (`?after=`, `?before=`); anything else is ignored. */
export const cursorQueryParam = z.coerce
  .number()
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER)
  .optional()
  .catch(undefined);
