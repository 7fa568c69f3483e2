import { TextField } from "~/components/ui/field";

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
