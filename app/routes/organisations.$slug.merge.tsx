import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm } from "~/lib/forms";
import { TableRegion } from "~/components/table-region";
import { notFound, requirePermission } from "~/lib/guards.server";
import { listDistricts } from "~/models/district.server";
import { mergeOrganisations, previewMerge, type MergePreview } from "~/models/organisation-merge.server";
import { getOrganisationBySlug, listOrganisationChoices } from "~/models/organisation.server";
import { mergeFormSchema, mergeIntoParam, mergeQuerySchema } from "~/validation/organisation-merge";
import { slugParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.error ? "Error: " : ""}Merge ${data?.source.name ?? "an organisation"} – Champions Network`,
  },
];

/** The organisation being merged away, for the coordinator only. */
async function loadSource(request: Request, rawSlug: string | undefined) {
  const actor = await requirePermission(request, "manage:organisation", "everywhere");
  const slug = slugParam.safeParse(rawSlug);
  const source = slug.success ? getOrganisationBySlug({ slug: slug.data }) : undefined;
  if (!source) throw notFound("We could not find that organisation.");
  return { actor, source };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { source } = await loadSource(request, params.slug);
  const query = mergeQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const districtId = query.district ?? source.districtId;
  const { organisations, narrowed } = listOrganisationChoices({ districtId });
  const page = {
    source: { slug: source.slug, name: source.name },
    choices: organisations.filter((o) => o.id !== source.id),
    narrowed,
    districts: narrowed ? listDistricts().map((d) => ({ id: d.id, name: d.name })) : [],
    district: districtId ?? "",
    into: query.into ?? "",
  };
  if (!query.into) return json({ ...page, preview: null, error: null });
  const into = mergeIntoParam.safeParse(query.into);
  const result = into.success ? previewMerge({ sourceId: source.id, targetId: into.data }) : null;
  if (!result || !result.ok) {
    const error = result && !result.ok ? result.refused.message : "Choose the organisation to merge into.";
    return json({ ...page, preview: null, error }, { status: 400 });
  }
  return json({ ...page, preview: result.preview, error: null });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, source } = await loadSource(request, params.slug);
  const parsed = parseForm(mergeFormSchema, await request.formData());
  if (!parsed.success) {
    return json({ preview: null, notice: null, errors: parsed.fieldErrors }, { status: 400 });
  }
  const result = mergeOrganisations({
    sourceId: source.id,
    targetId: parsed.data.into,
    fingerprint: parsed.data.fingerprint,
    goToContactId: parsed.data.goTo ?? null,
    actorId: actor.id,
  });
  if (result.ok) {
    const { source: from, target } = result.preview;
    return redirectWithFlash(
      `/organisations/${target.slug}`,
      `${from.name} has been merged into ${target.name}. Its old address now leads here.`,
    );
  }
  if ("refused" in result)
    return json({ preview: null, notice: null, errors: { into: result.refused.message } }, { status: 400 });
  if ("changed" in result)
    return json(
      {
        preview: result.changed,
        notice: "Something changed since the preview, so nothing was merged. Check the new figures and merge again.",
        errors: null,
      },
      { status: 409 },
    );
  if ("chooseGoTo" in result)
    return json({ preview: result.chooseGoTo, notice: null, errors: { goTo: result.message } }, { status: 400 });
  return json({ preview: result.blocked, notice: null, errors: { form: result.message } }, { status: 400 });
}

export default function MergeOrganisation() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const preview = (actionData?.preview ?? loaded.preview) as unknown as MergePreview | null;
  const errors = actionData?.errors ?? (loaded.error ? { into: loaded.error } : undefined);
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="caption">{loaded.source.name}</span>
      <h1>Merge {loaded.source.name} into another organisation</h1>
      <p>
        Everything that belongs to {loaded.source.name} moves to the organisation you choose. {loaded.source.name} then
        becomes one of its former names: its old address leads to it and the directory still finds the old name. You
        will see what moves before anything changes.
      </p>
      <Form method="get" className="filters" aria-label="Organisation to merge into">
        {loaded.narrowed ? (
          <SelectField
            name="district"
            label="District of the organisation to merge into"
            defaultValue={loaded.district}
            options={loaded.districts.map((d) => ({ value: d.id, label: d.name }))}
          />
        ) : null}
        <SelectField
          name="into"
          label="Merge into"
          defaultValue={preview ? String(preview.target.id) : loaded.into}
          error={errors && "into" in errors ? errors.into : undefined}
          options={[
            { value: "", label: "Choose an organisation" },
            ...loaded.choices.map((o) => ({ value: String(o.id), label: o.name })),
          ]}
        />
        <button type="submit" className="button button--secondary">
          Preview the merge
        </button>
      </Form>
      {preview ? <Preview preview={preview} notice={actionData?.notice ?? null} errors={errors ?? undefined} /> : null}
    </>
  );
}

function Preview({
  preview,
  notice,
  errors,
}: {
  preview: MergePreview;
  notice: string | null;
  errors: Record<string, string> | undefined;
}) {
  const blocking = preview.clashes.filter((c) => c.resolution === "blocking");
  return (
    <section aria-labelledby="merge-preview">
      <h2 id="merge-preview">
        What moves from {preview.source.name} to {preview.target.name}
      </h2>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <TableRegion label="Records that will move">
        <table>
          <caption>Records that will name {preview.target.name} instead</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">How many</th>
            </tr>
          </thead>
          <tbody>
            {preview.moves.map((m) => (
              <tr key={m.key}>
                <td>{m.label}</td>
                <td>{m.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <TableRegion label="Records that go with the members">
        <table>
          <caption>Records that go with the members</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">How many</th>
            </tr>
          </thead>
          <tbody>
            {preview.following.map((f) => (
              <tr key={f.key}>
                <td>{f.label}</td>
                <td>{f.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <h3>Conflicts</h3>
      {preview.clashes.length === 0 && !preview.goToConflict ? <p>None: nothing is recorded twice.</p> : null}
      {preview.clashes.length ? (
        <ul>
          {preview.clashes.map((c) => (
            <li key={c.key}>
              {c.label}: {c.count} recorded for both.{" "}
              {c.resolution === "merged"
                ? `They will be recorded once, for ${preview.target.name}.`
                : c.resolution === "closed"
                  ? `${preview.source.name}'s closes at the merge and stays in the gaps report; ${preview.target.name}'s stays open until it has a current champion.`
                  : "This stops the merge until they are resolved."}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        Reports count people and records where they are now: after the merge, reports over earlier periods count{" "}
        {preview.source.name}'s under {preview.target.name}, and say so.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="into" value={String(preview.target.id)} />
        <input type="hidden" name="fingerprint" value={preview.fingerprint} />
        {preview.goToConflict ? (
          <fieldset className="fieldset" aria-describedby={errors?.goTo ? "goTo-error" : undefined}>
            <legend>Both organisations have a go-to housing contact. Who stays the go-to contact?</legend>
            {errors?.goTo ? (
              <p className="field-error" id="goTo-error">
                {errors.goTo}
              </p>
            ) : null}
            {[...preview.goTo.source, ...preview.goTo.target].map((c, i) => (
              <div className="radio" key={c.contactId}>
                <input
                  type="radio"
                  name="goTo"
                  id={i === 0 ? "goTo" : `goTo-${c.contactId}`}
                  value={String(c.contactId)}
                />
                <label htmlFor={i === 0 ? "goTo" : `goTo-${c.contactId}`}>
                  {c.name}
                  {c.jobTitle ? `, ${c.jobTitle}` : ""} (
                  {preview.goTo.source.includes(c) ? preview.source.name : preview.target.name})
                </label>
              </div>
            ))}
          </fieldset>
        ) : null}
        {blocking.length ? null : (
          <button type="submit" className="button button--warning">
            Merge {preview.source.name} into {preview.target.name}
          </button>
        )}
        <Link to={`/organisations/${preview.source.slug}`} className="button button--secondary">
          Cancel
        </Link>
      </Form>
    </section>
  );
}
