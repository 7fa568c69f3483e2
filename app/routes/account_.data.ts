import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/lib/guards.server";
import { exportPersonalData } from "~/models/personal-data.server";

/** Download everything held about me, as JSON. Reading only: it changes nothing. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "update:profile", "self");
  const data = exportPersonalData({ memberId: member.id });
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="champions-network-my-data-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
