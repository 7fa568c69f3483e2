import type { ReactNode } from "react";

/**
 * A table's own scrolling region: on a narrow screen a wide table scrolls
 * sideways inside it, not the page. It is focusable, so a keyboard user can
 * scroll it, and labelled (with the table's caption), so a screen reader says
 * what the region holds.
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrapper" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
