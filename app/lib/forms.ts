import type { z } from "zod";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string>;

export type FormResult<T> =
  { success: true; data: T; values: FormValues } | { success: false; fieldErrors: FieldErrors; values: FormValues };

/** The form's values as strings, for re-displaying what was typed. Passwords are never kept. */
export function formValues(formData: FormData, omit: string[] = ["password", "confirmPassword"]): FormValues {
  // No prototype: a field named __proto__ or constructor is just a field.
  const values: FormValues = Object.create(null);
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !omit.includes(key) && !key.startsWith("_")) values[key] = value;
  }
  return values;
}

/** Parses a form with a zod schema; on failure, the first message per field. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.output<S>> {
  // No prototype: a repeated field named __proto__ would otherwise become the object's prototype, and its
  // properties (an array's length, say) would be read as fields.
  const raw: Record<string, unknown> = Object.create(null);
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : all[0];
  }
  const values = formValues(formData);
  const result = schema.safeParse(raw);
  if (result.success) return { success: true, data: result.data, values };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    fieldErrors[key] ??= issue.message;
  }
  return { success: false, fieldErrors, values };
}
