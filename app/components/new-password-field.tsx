import { useEffect, useRef } from "react";
import { TextField } from "~/components/ui/field";

/**
 * A ref for a form whose password boxes are emptied after each answer from
 * its action: a password is never kept after a submission, also when
 * JavaScript submitted it (and so left the form's inputs as they were).
 */
export function useFormWithoutPasswords(actionData: unknown) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!actionData) return;
    for (const input of ref.current?.querySelectorAll<HTMLInputElement>('input[type="password"]') ?? [])
      input.value = "";
  }, [actionData]);
  return ref;
}

/** The field for choosing a password, with the same advice wherever one is set. */
export function NewPasswordField({ label = "New password", error }: { label?: string; error?: string }) {
  return (
    <TextField
      name="password"
      label={label}
      type="password"
      autoComplete="new-password"
      hint="Use 8 characters or more. A few unrelated words make a strong password."
      error={error}
    />
  );
}
