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
  acceptSuggestions,
  checkImportRows,
  deleteImportUpload,
  describeColumns,
  findImportUpload,
  IMPORT_TOO_LARGE,
  ImportFileError,
  importMembers,
  MAX_IMPORT_BYTES,
  readMembersUpload,
  rowsFromColumns,
  saveImportUpload,
  type ColumnChoice,
  type ImportRow,
  type MemberUpdate,
  type OrganisationSuggestion,
  type RowProblem,
} from "~/models/member-import.server";
import { IMPORT_COLUMNS, importRowsSchema, importStepSchema } from "~/validation/member-import";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction = () => [{ title: "Import members from a spreadsheet – Champions Network" }];

async function requireImporter(request: Request) {
  return requirePermission(request, "update:member", "everywhere");
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireImporter(request);
  return null;
}

type Column = { heading: string; samples: string[]; choice: ColumnChoice };
type ActionData = {
  error?: string;
  upload?: string;
  fileName?: string;
  columns?: Column[];
  rows?: ImportRow[];
  problems?: RowProblem[];
  updates?: MemberUpdate[];
  suggestions?: OrganisationSuggestion[];
  fixes?: [string, string][];
  accepted?: string[];
};

const EXPIRED = "This upload has expired or was not found. Upload the file again.";
const FIX = /^fix-(\d{1,5})-(name|email|organisation|jobTitle|tier|directory)$/;

/** The file's columns with the choices posted (or matched automatically), for the matching step. */
function columnsWith(text: string, choices: ColumnChoice[]): Column[] {
  return describeColumns(text).map((column, j) => ({ ...column, choice: choices[j] ?? column.choice }));
}

/** The rows of the stored file with the columns matched as chosen and the person's fixes, skips and accepted suggestions. */
function rowsFromForm(text: string, choices: ColumnChoice[], form: FormData) {
  const fixes: [string, string][] = [];
  for (const [key, value] of form) {
    if (typeof value === "string" && FIX.test(key)) fixes.push([key, value.slice(0, 500)]);
  }
  const fixByKey = new Map(fixes);
  const rows = rowsFromColumns(text, choices).map((row) => {
    const withFixes: ImportRow = { ...row, skip: form.get(`skip-${row.line}`) === "on" };
    for (const column of IMPORT_COLUMNS) {
      const value = fixByKey.get(`fix-${row.line}-${column}`);
      if (value !== undefined) withFixes[column] = value;
    }
    return withFixes;
  });
  const accepted = form
    .getAll("accept")
    .filter((v): v is string => typeof v === "string")
    .slice(0, 500)
    .map((v) => v.slice(0, 500));
  return { rows: acceptSuggestions(importRowsSchema.parse(rows), accepted), fixes, accepted };
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
      const { fileName, text } = await readMembersUpload(form.get("file"));
      const upload = saveImportUpload({ memberId: coordinator.id, fileName, text });
      return json<ActionData>({ upload, fileName, columns: describeColumns(text) });
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      return json<ActionData>({ error: error.message }, { status: 400 });
    }
  }
  const form = await request.formData();
  const id = form.get("upload");
  const stored = typeof id === "string" && id.length <= 64 ? findImportUpload({ id, memberId: coordinator.id }) : null;
  if (!stored) return json<ActionData>({ error: EXPIRED }, { status: 400 });
  const step = importStepSchema.safeParse({
    upload: stored.id,
    choices: form.getAll("column").map((c) => (typeof c === "string" && c ? c : "skip")),
  });
  if (!step.success) {
    return json<ActionData>(
      {
        upload: stored.id,
        fileName: stored.fileName,
        columns: describeColumns(stored.text),
        error: "Choose what each column holds from its list.",
      },
      { status: 400 },
    );
  }
  const { upload, choices } = step.data;
  const intent = form.get("intent");
  const base = { upload, fileName: stored.fileName };
  if (intent === "columns") return json<ActionData>({ ...base, columns: columnsWith(stored.text, choices) });
  let carried: ReturnType<typeof rowsFromForm>;
  try {
    carried = rowsFromForm(stored.text, choices, form);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return json<ActionData>(
      { ...base, columns: columnsWith(stored.text, choices), error: error.message },
      { status: 400 },
    );
  }
  const { rows, fixes, accepted } = carried;
  const { problems, updates, suggestions } = checkImportRows(rows);
  const preview = {
    ...base,
    columns: columnsWith(stored.text, choices),
    rows,
    problems,
    updates,
    suggestions,
    fixes,
    accepted,
  };
  if (intent !== "import" || problems.length > 0)
    return json<ActionData>(preview, { status: intent === "import" && problems.length ? 400 : 200 });
  try {
    const result = withAudit(
      (tx) => {
        const done = importMembers(
          { rows, invitedBy: coordinator.id, sendInvitations: form.get("invite") === "on" },
          tx,
        );
        deleteImportUpload({ id: upload }, tx);
        return done;
      },
      ({ imported, updated, unchanged, changes }) => ({
        actorId: coordinator.id,
        action: "members.imported",
        entityType: "import",
        summary: `Imported ${imported} members and updated ${updated} from a spreadsheet`,
        after: {
          imported,
          updated,
          unchanged,
          skipped: rows.filter((r) => r.skip).length,
          changes: changes.map((c) => ({ memberId: c.memberId, changes: c.changes })),
        },
      }),
    );
    return redirectWithFlash(
      "/members",
      `${result.imported} members imported.${result.updated ? ` ${result.updated} existing members updated.` : ""}${
        form.get("invite") === "on" && result.imported ? " Each has been emailed an invitation to set a password." : ""
      }`,
    );
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return json<ActionData>({ ...preview, ...checkImportRows(rows), error: error.message }, { status: 400 });
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

const CHOICE_LABELS: Record<ColumnChoice, string> = {
  name: "Name",
  firstName: "First name",
  lastName: "Last name",
  email: "Email",
  organisation: "Organisation",
  jobTitle: "Job title",
  tier: "Tier",
  directory: "Directory",
  skip: "Do not import",
};

const CHANGE_LABELS: Record<MemberUpdate["changes"][number]["field"], string> = {
  name: "Name",
  organisation: "Organisation",
  jobTitle: "Job title",
  tier: "Tier",
};

function UploadForm({ error, busy }: { error?: string; busy: boolean }) {
  return (
    <>
      <p className="lead">
        Upload a CSV file saved from your spreadsheet. Next you match its columns, then see every row's problems and
        every change to an existing member before anything is imported.
      </p>
      <p>
        The file needs columns for each member's name (one column, or first and last name), email and organisation; job
        title, tier (1, 2 or 3; 3 if empty) and directory (yes to add them to the directory) are optional. A row whose
        email is already a member's updates that member.
      </p>
      <Form method="post" encType="multipart/form-data">
        <div className={`form-group${error ? " form-group--error" : ""}`}>
          <label className="label" htmlFor="file">
            CSV file
          </label>
          {error ? (
            <p id="file-error" className="error-message">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          ) : null}
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={error ? "file-error" : undefined}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Reading the file…" : "Upload and match columns"}
        </button>
      </Form>
    </>
  );
}

function ColumnsForm({ upload, columns, busy }: { upload: string; columns: Column[]; busy: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="upload" value={upload} />
      <h2>Match the columns</h2>
      <p>Choose what each column of the file holds. Columns with common headings have been matched for you.</p>
      <TableRegion label="Columns of the file">
        <table>
          <caption className="visually-hidden">Columns of the file</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">First values</th>
              <th scope="col">Holds</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column, j) => (
              <tr key={j}>
                <th scope="row">{column.heading || `Column ${j + 1} (no heading)`}</th>
                <td>{column.samples.length ? column.samples.join(", ") : "(empty)"}</td>
                <td>
                  <label className="visually-hidden" htmlFor={`column-${j}`}>
                    What “{column.heading || `column ${j + 1}`}” holds
                  </label>
                  <select id={`column-${j}`} name="column" defaultValue={column.choice}>
                    {Object.entries(CHOICE_LABELS).map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <button type="submit" name="intent" value="match" className="button" disabled={busy}>
        {busy ? "Checking…" : "Continue to preview"}
      </button>
    </Form>
  );
}

export default function ImportMembers() {
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const rows = data?.rows;
  const problems = data?.problems ?? [];
  const updates = data?.updates ?? [];
  const suggestions = data?.suggestions ?? [];
  const errors: Record<string, string> = {};
  if (data?.error) errors[data.upload ? (rows ? "form" : "column-0") : "file"] = data.error;
  for (const p of problems)
    errors[`fix-${p.line}-${p.column}`] ??= `Row ${p.line}, ${LABELS[p.column].toLowerCase()}: ${p.message}`;
  const problemLines = new Set(problems.map((p) => p.line));
  const shownFixes = new Set(problems.map((p) => `fix-${p.line}-${p.column}`));
  const updateLines = new Set(updates.map((u) => u.line));
  const changing = updates.filter((u) => u.changes.length > 0 && !problemLines.has(u.line)).length;
  const ready = rows ? rows.filter((r) => !r.skip && !problemLines.has(r.line) && !updateLines.has(r.line)).length : 0;
  const skipped = rows ? rows.filter((r) => r.skip).length : 0;
  const noChange = updates.filter((u) => u.changes.length === 0 && !problemLines.has(u.line)).length;
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/members">Members</Link>
      </p>
      <h1>Import members from a spreadsheet</h1>
      {!data?.upload || !data.columns ? (
        <UploadForm error={errors.file} busy={busy} />
      ) : !rows ? (
        <>
          <p className="lead">{data.fileName}</p>
          {data.error ? (
            <p className="error-message" id="column-0-error">
              <span className="visually-hidden">Error:</span> {data.error}
            </p>
          ) : null}
          <ColumnsForm upload={data.upload} columns={data.columns} busy={busy} />
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="upload" value={data.upload} />
          {data.columns.map((column, j) => (
            <input key={j} type="hidden" name="column" value={column.choice} />
          ))}
          {(data.fixes ?? [])
            .filter(([key]) => !shownFixes.has(key))
            .map(([key, value]) => (
              <input key={key} type="hidden" name={key} value={value} />
            ))}
          {(data.accepted ?? []).map((value, i) => (
            <input key={i} type="hidden" name="accept" value={value} />
          ))}
          <p className="lead" role="status">
            {rows.length} rows: {ready} ready to import, {problemLines.size} with problems, {skipped} skipped.
            {updates.length ? ` ${changing} existing members to update, ${noChange} with no change.` : ""}
          </p>
          {updates.length > 0 ? (
            <>
              <h2>Existing members</h2>
              <p>These rows have the email of a member already in the network: confirming the import updates them.</p>
              <TableRegion label="Existing members">
                <table>
                  <caption className="visually-hidden">Existing members and what will change</caption>
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      <th scope="col">Member</th>
                      <th scope="col">Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {updates.map((update) => (
                      <tr key={update.line}>
                        <th scope="row">{update.line}</th>
                        <td>
                          {update.name}
                          <br />
                          {update.email}
                        </td>
                        <td>
                          {update.changes.length === 0 ? (
                            "No change"
                          ) : (
                            <ul className="list">
                              {update.changes.map((change) => (
                                <li key={change.field}>
                                  {CHANGE_LABELS[change.field]}: {change.before} → {change.after}
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            </>
          ) : null}
          {suggestions.length > 0 ? (
            <fieldset className="fieldset">
              <legend>Organisations not found, with a close match</legend>
              <p>Tick a suggestion to use it for every row with that organisation, then check again.</p>
              {suggestions.map((s, i) => (
                <div key={s.value} className="checkboxes__item">
                  <input id={`accept-${i}`} type="checkbox" name="accept" value={s.value} />
                  <label htmlFor={`accept-${i}`}>
                    Use “{s.suggestion}” for “{s.value}”
                  </label>
                </div>
              ))}
            </fieldset>
          ) : null}
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
                  <progress aria-label="Importing members" /> Importing…
                </p>
              ) : null}
              <button type="submit" name="intent" value="import" className="button" disabled={busy}>
                {updates.length ? `Import ${ready} members and update ${changing}` : `Import ${ready} members`}
              </button>
            </>
          )}
          <p>
            <button type="submit" name="intent" value="columns" className="button button--secondary" disabled={busy}>
              Change the column matches
            </button>
          </p>
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
