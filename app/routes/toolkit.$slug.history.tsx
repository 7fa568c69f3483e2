import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TableRegion } from "~/components/table-region";
import { SelectField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { notFound } from "~/lib/guards.server";
import { requireCardEditor } from "~/lib/toolkit/card-access.server";
import { withAudit } from "~/models/audit.server";
import { compareCardVersions, listCardVersions, restoreToolkitVersion } from "~/models/toolkit.server";
import { idParam } from "~/validation/params";
import { compareQuerySchema } from "~/validation/toolkit";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `History of ${data?.title ?? "a toolkit card"} – Champions Network` },
];

/** The versions of a card, two of them compared, and any restored: for the card's owner and the coordinator. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { card } = await requireCardEditor(request, params.slug);
  const versions = listCardVersions({ cardId: card.id });
  const query = compareQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const asked = query.from !== undefined && query.to !== undefined;
  const diff = asked ? compareCardVersions({ cardId: card.id, from: query.from!, to: query.to! }) : null;
  return json({
    slug: card.slug,
    title: card.title,
    currentVersion: card.currentVersion,
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    compared: diff ? { from: query.from!, to: query.to!, lines: diff } : null,
    missing: asked && !diff,
    choice: {
      from: String(query.from ?? Math.max(1, card.currentVersion - 1)),
      to: String(query.to ?? card.currentVersion),
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, card } = await requireCardEditor(request, params.slug);
  const form = await request.formData();
  const number = idParam.safeParse(form.get("version"));
  if (form.get("intent") !== "restore" || !number.success) throw notFound("We could not find that version.");
  const restored = withAudit(
    (tx) => restoreToolkitVersion({ cardId: card.id, number: number.data, editorId: member.id }, tx),
    (result) =>
      result
        ? {
            actorId: member.id,
            action: "toolkit.restored",
            entityType: "toolkit-card",
            entityId: card.id,
            summary: `Restored version ${number.data} of “${card.title}” as version ${result.number}`,
            before: result.before,
          }
        : null,
  );
  if (!restored) throw notFound("We could not find that version.");
  return redirectWithFlash(
    `/toolkit/${card.slug}/history`,
    `Version ${number.data} has been restored as version ${restored.number}.`,
  );
}

export default function ToolkitCardHistory() {
  const { slug, title, currentVersion, versions, compared, missing, choice } = useLoaderData<typeof loader>();
  const options = versions.map((v) => ({ value: String(v.number), label: `Version ${v.number}` }));
  return (
    <>
      <p>
        <Link to={`/toolkit/${slug}`}>Back to the card</Link>
      </p>
      <span className="caption">Toolkit</span>
      <h1>History of {title}</h1>
      <Form method="get" className="filters" aria-label="Compare two versions">
        <SelectField name="from" label="Compare" defaultValue={choice.from} options={options} />
        <SelectField name="to" label="With" defaultValue={choice.to} options={options} />
        <button type="submit" className="button">
          Compare
        </button>
      </Form>
      {missing ? <p role="status">One of those versions does not exist. Choose two from the list.</p> : null}
      {compared ? (
        <section aria-labelledby="changes">
          <h2 id="changes" role="status">
            Changes from version {compared.from} to version {compared.to}
          </h2>
          <p className="hint">Lines taken out are marked “Removed”, lines put in are marked “Added”.</p>
          <div className="diff">
            {compared.lines.map((line, i) =>
              line.kind === "added" ? (
                <ins key={i} className="diff__line diff__line--added">
                  <span className="visually-hidden">Added: </span>
                  {line.text || " "}
                </ins>
              ) : line.kind === "removed" ? (
                <del key={i} className="diff__line diff__line--removed">
                  <span className="visually-hidden">Removed: </span>
                  {line.text || " "}
                </del>
              ) : (
                <span key={i} className="diff__line">
                  {line.text || " "}
                </span>
              ),
            )}
          </div>
        </section>
      ) : null}
      <TableRegion label="Versions">
        <table>
          <caption>Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved</th>
              <th scope="col">By</th>
              <th scope="col">What changed</th>
              <th scope="col">
                <span className="visually-hidden">Restore</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.number}>
                <td>{v.number}</td>
                <td>{formatDateTime(v.createdAt)}</td>
                <td>{v.editor ?? "Unknown"}</td>
                <td>{v.note}</td>
                <td>
                  {v.number === currentVersion ? (
                    "Current"
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="restore" />
                      <input type="hidden" name="version" value={v.number} />
                      <button type="submit" className="button button--secondary">
                        Restore version {v.number}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}
