import { json } from "@remix-run/node";
import { checkDatabase } from "~/models/database-ping.server";

/** For load balancers and monitoring: 200 when the database answers, 503 when not. */
export function loader() {
  try {
    checkDatabase();
    return json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
