import { useEffect, useRef } from "react";
import type { FieldErrors } from "~/lib/forms";

/**
 * The GOV.UK error summary: "There is a problem", each error linked to its
 * field. It takes focus when shown and prefixes the page title with "Error: ".
 */
export function ErrorSummary({ errors }: { errors: FieldErrors | undefined | null }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {});
  const hasErrors = entries.length > 0;
  useEffect(() => {
    if (!hasErrors) return;
    ref.current?.focus();
    if (!document.title.startsWith("Error: ")) document.title = `Error: ${document.title}`;
    return () => {
      document.title = document.title.replace(/^Error: /, "");
    };
  }, [hasErrors, errors]);
  if (!hasErrors) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title" className="error-summary__title">
        There is a problem
      </h2>
      <ul className="error-summary__list">
        {entries.map(([field, message]) => (
          <li key={field}>{field === "form" ? message : <a href={`#${field}`}>{message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}
