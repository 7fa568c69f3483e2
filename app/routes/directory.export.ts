import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/lib/csv";
import { formatDate } from "~/lib/dates";
import { requirePermission } from "~/lib/guards.server";
import { listDirectoryForExport, logDirectoryAccess } from "~/models/directory.server";

/** The coordinator's CSV of the whole directory; each export is logged. Hidden numbers stay hidden. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "export:directory", "everywhere");
  const contacts = listDirectoryForExport();
  logDirectoryAccess({ viewerId: viewer.id, action: "export" });
  const csv = toCsv(
    [
      "Name",
      "Job title",
      "Organisation",
      "Go-to contact",
      "Districts",
      "Specialisms",
      "Email",
      "Phone",
      "Mobile",
      "Last confirmed",
      "Stale",
    ],
    contacts.map((c) => [
      c.name,
      c.jobTitle,
      c.organisationName ?? "",
      c.isGoTo ? "Yes" : "No",
      c.districts.length ? c.districts.join("; ") : "Countywide",
      c.specialisms.map((s) => s.label).join("; "),
      c.email,
      c.directPhone ?? "",
      c.mobile ?? "",
      formatDate(c.lastConfirmedAt),
      c.stale ? "Yes" : "No",
    ]),
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="champions-directory-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
