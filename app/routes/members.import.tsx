import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { redirectWithFlash } from "~/lib/flash.server";
import { requirePermission } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import {
  checkImportRows,
  IMPORT_TOO_LARGE,
  ImportFileError,
  importMembers,
  MAX_IMPORT_BYTES,
  readMembersUpload,
  type ImportRow,
  type RowProblem,
} from "~/models/member-import.server";
import { IMPORT_COLUMNS, importRowsSchema } from "~/validation/member-import";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction = () => [{ title: "Import members from a spreadsheet – Champions Network" }];

async function requireImporter(request: Request) {
  return requirePermission(request, "update:member", "everywhere");
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireImporter(request);
  return null;
}

type ActionData = { error?: string; rows?: ImportRow[]; problems?: RowProblem[] };

/** The rows carried by the preview form, with the person's fixes and skips applied, each cell made plain text. */
function rowsFromPreview(form: FormData): ImportRow[] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.get("rows") ?? ""));
  } catch {
    return null;
  }
  const parsed = importRowsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const fixed = parsed.data.map((row) => {
    const withFixes = { ...row, skip: form.get(`skip-${row.line}`) === "on" };
    for (const column of IMPORT_COLUMNS) {
      const value = form.get(`fix-${row.line}-${column}`);
      if (typeof value === "string") withFixes[column] = value.slice(0, 500);
    }
    return withFixes;
  });
  const cleaned = importRowsSchema.safeParse(fixed);
  return cleaned.success ? cleaned.data : null;
}

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireImporter(request);
  const isUpload = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  if (isUpload) {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }),
      );
    } catch (error) {
      const message =
        error instanceof MaxPartSizeExceededError
          ? IMPORT_TOO_LARGE
          : "The file did not arrive whole. Select it and upload it again.";
      return json<ActionData>({ error: message }, { status: 400 });
    }
    try {
      const rows = importRowsSchema.parse(await readMembersUpload(form.get("file")));
      return json<ActionData>({ rows, problems: checkImportRows(rows).problems });
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      return json<ActionData>({ error: error.message }, { status: 400 });
    }
  }
  const form = await request.formData();
  const rows = rowsFromPreview(form);
  if (!rows)
    return json<ActionData>({ error: "The preview could not be read. Upload the file again." }, { status: 400 });
  const { problems } = checkImportRows(rows);
  if (form.get("intent") !== "import" || problems.length > 0)
    return json<ActionData>({ rows, problems }, { status: problems.length ? 400 : 200 });
  try {
    const { imported } = withAudit(
      (tx) => importMembers({ rows, invitedBy: coordinator.id, sendInvitations: form.get("invite") === "on" }, tx),
      ({ imported }) => ({
        actorId: coordinator.id,
        action: "members.imported",
        entityType: "import",
        summary: `Imported ${imported} members from a spreadsheet`,
        after: { imported, skipped: rows.filter((r) => r.skip).length },
      }),
    );
    return redirectWithFlash(
      "/members",
      `${imported} members imported.${form.get("invite") === "on" ? " Each has been emailed an invitation to set a password." : ""}`,
    );
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return json<ActionData>({ rows, problems: checkImportRows(rows).problems, error: error.message }, { status: 400 });
  }
}

const LABELS: Record<(typeof IMPORT_COLUMNS)[number], string> = {
  name: "Name",
  email: "Email",
  organisation: "Organisation",
  jobTitle: "Job title",
  tier: "Tier",
  directory: "Directory",
};

export default function ImportMembers() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const rows = data?.rows;
  const problems = data?.problems ?? [];
  const errors: Record<string, string> = {};
  if (data?.error) errors[rows ? "form" : "file"] = data.error;
  for (const p of problems)
    errors[`fix-${p.line}-${p.column}`] ??= `Row ${p.line}, ${LABELS[p.column].toLowerCase()}: ${p.message}`;
  const problemLines = new Set(problems.map((p) => p.line));
  const ready = rows ? rows.filter((r) => !r.skip && !problemLines.has(r.line)).length : 0;
  const skipped = rows ? rows.filter((r) => r.skip).length : 0;
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/members">Members</Link>
      </p>
      <h1>Import members from a spreadsheet</h1>
      {!rows ? (
        <>
          <p className="lead">
            Upload a CSV file saved from your spreadsheet. You will see every row's problems before anything is
            imported.
          </p>
          <p>
            The first row must name the columns: <strong>Name</strong>, <strong>Email</strong> and{" "}
            <strong>Organisation</strong> are needed; <strong>Job title</strong>, <strong>Tier</strong> (1, 2 or 3; 3 if
            empty) and <strong>Directory</strong> (yes to add them to the directory) are optional. Organisation names
            must match those in the network.
          </p>
          <Form method="post" encType="multipart/form-data">
            <div className={`form-group${errors.file ? " form-group--error" : ""}`}>
              <label className="label" htmlFor="file">
                CSV file
              </label>
              {errors.file ? (
                <p id="file-error" className="error-message">
                  <span className="visually-hidden">Error:</span> {errors.file}
                </p>
              ) : null}
              <input
                id="file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby={errors.file ? "file-error" : undefined}
              />
            </div>
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Reading the file…" : "Upload and preview"}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="rows" value={JSON.stringify(rows)} />
          <p className="lead" role="status">
            {rows.length} rows: {ready} ready to import, {problemLines.size} with problems, {skipped} skipped.
          </p>
          {problemLines.size > 0 ? (
            <>
              <h2>Fix or skip these rows</h2>
              <TableRegion label="Rows with problems">
                <table>
                  <caption className="visually-hidden">Rows with problems</caption>
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      <th scope="col">Problems and fixes</th>
                      <th scope="col">Skip</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows
                      .filter((r) => problemLines.has(r.line))
                      .map((row) => (
                        <tr key={row.line}>
                          <th scope="row">{row.line}</th>
                          <td>
                            {problems
                              .filter((p) => p.line === row.line)
                              .map((p) => (
                                <div key={p.column} className="form-group form-group--error">
                                  <label className="label" htmlFor={`fix-${row.line}-${p.column}`}>
                                    {LABELS[p.column]} (row {row.line})
                                  </label>
                                  <p className="error-message" id={`fix-${row.line}-${p.column}-error`}>
                                    <span className="visually-hidden">Error:</span> {p.message}
                                  </p>
                                  <input
                                    className="input input--error"
                                    id={`fix-${row.line}-${p.column}`}
                                    name={`fix-${row.line}-${p.column}`}
                                    defaultValue={row[p.column]}
                                    aria-describedby={`fix-${row.line}-${p.column}-error`}
                                  />
                                </div>
                              ))}
                          </td>
                          <td>
                            <div className="checkboxes__item">
                              <input
                                id={`skip-${row.line}`}
                                type="checkbox"
                                name={`skip-${row.line}`}
                                defaultChecked={row.skip}
                              />
                              <label htmlFor={`skip-${row.line}`}>Skip row {row.line}</label>
                            </div>
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </TableRegion>
              {rows
                .filter((r) => r.skip && !problemLines.has(r.line))
                .map((r) => (
                  <input key={r.line} type="hidden" name={`skip-${r.line}`} value="on" />
                ))}
              <button type="submit" name="intent" value="check" className="button" disabled={busy}>
                {busy ? "Checking…" : "Check again"}
              </button>
            </>
          ) : (
            <>
              {rows
                .filter((r) => r.skip)
                .map((r) => (
                  <input key={r.line} type="hidden" name={`skip-${r.line}`} value="on" />
                ))}
              <div className="checkboxes__item form-group">
                <input id="invite" type="checkbox" name="invite" defaultChecked />
                <label htmlFor="invite">Email each new member an invitation to set their password</label>
              </div>
              {busy ? (
                <p role="status">
                  <progress aria-label="Importing members" /> Importing {ready} members…
                </p>
              ) : null}
              <button type="submit" name="intent" value="import" className="button" disabled={busy}>
                Import {ready} members
              </button>
            </>
          )}
          <p>
            <Link to="/members/import" reloadDocument>
              Start again with another file
            </Link>
          </p>
        </Form>
      )}
    </>
  );
}
