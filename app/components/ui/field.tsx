import type { ReactNode } from "react";

type Common = {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  id?: string;
};

function describedBy(id: string, hint: unknown, error: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function FieldShell({ id, label, hint, error, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className={`form-group${error ? " form-group--error" : ""}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="error-message">
          <span className="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

export function TextField({
  name,
  label,
  hint,
  error,
  id = name,
  type = "text",
  defaultValue,
  autoComplete,
  maxLength,
  width,
  spellCheck,
  inputMode,
  min,
  max,
}: Common & {
  type?: "text" | "email" | "password" | "url" | "tel" | "search" | "date" | "time" | "month" | "number";
  defaultValue?: string;
  autoComplete?: string;
  maxLength?: number;
  width?: "short" | "medium";
  spellCheck?: boolean;
  inputMode?: "email" | "tel" | "url" | "text" | "search" | "numeric";
  min?: string | number;
  max?: string | number;
}) {
  return (
    <FieldShell id={id} name={name} label={label} hint={hint} error={error}>
      <input
        className={`input${error ? " input--error" : ""}${width ? ` input--${width}` : ""}`}
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        maxLength={maxLength}
        spellCheck={spellCheck}
        inputMode={inputMode}
        min={min}
        max={max}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldShell>
  );
}

export function TextArea({
  name,
  label,
  hint,
  error,
  id = name,
  defaultValue,
  rows = 5,
  maxLength,
}: Common & { defaultValue?: string; rows?: number; maxLength?: number }) {
  return (
    <FieldShell id={id} name={name} label={label} hint={hint} error={error}>
      <textarea
        className={`textarea${error ? " input--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldShell>
  );
}

export function SelectField({
  name,
  label,
  hint,
  error,
  id = name,
  defaultValue,
  options,
}: Common & { defaultValue?: string; options: Array<{ value: string; label: string }> }) {
  return (
    <FieldShell id={id} name={name} label={label} hint={hint} error={error}>
      <select
        className={`select${error ? " input--error" : ""}`}
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
