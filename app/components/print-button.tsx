import { useEffect, useState } from "react";

/** Shown only once JavaScript runs, since printing needs it; browsers' own print menu always works. */
export function PrintButton() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button" onClick={() => window.print()}>
      Print certificate
    </button>
  );
}
