import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { TIER_LABELS, TIERS } from "~drizzle/schema/constants";
import { BarChart } from "~/components/bar-chart";
import { REPORTS, showReport } from "~/components/report-content";
import { SelectField, TextField } from "~/components/ui/field";
import { notFound } from "~/lib/guards.server";
import { requireReportAccess } from "~/lib/report-access.server";
import { DistrictField } from "~/components/district-field";
import { keptOrganisationChoices } from "~/lib/organisation-choices.server";
import { getReport, PAGE_ROWS } from "~/models/report.server";
import { listMergesSince } from "~/models/organisation-merge.server";
import { formatDate } from "~/lib/dates";
import { reportIdParam } from "~/validation/report-filters";
import { TableRegion } from "~/components/table-region";

/** A table longer than this is folded away under the summary until asked for. */
const OPEN_ROWS = 20;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.about.title ?? "Report"} – Reports – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { query, district, filters, everywhere } = await requireReportAccess(request);
  const id = reportIdParam.safeParse(params.report);
  if (!id.success) throw notFound("We could not find that report.");
  // A district name that matches none or several is answered at the field, not with figures that ignore it.
  const report = district.error ? undefined : showReport(getReport(id.data, filters));
  return json({
    about: { id: id.data, ...REPORTS[id.data] },
    // Pages show the first rows of a long table; the CSV always has all of them.
    report: report && {
      ...report,
      tables: report.tables.map((t) => ({ ...t, total: t.total ?? t.rows.length, rows: t.rows.slice(0, PAGE_ROWS) })),
    },
    query,
    district,
    everywhere,
    // Reports count people and records where they are now: merges since the period began are listed to say so.
    merges: listMergesSince({ from: filters.from }).map((m) => ({ ...m, on: formatDate(m.on) })),
    ...(everywhere
      ? keptOrganisationChoices({ districtId: query.district, includeIds: [query.organisation] })
      : { organisations: [], narrowed: false }),
  });
}

export default function Report() {
  const { about, report, query, district, everywhere, organisations, merges } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <p>
        <Link to="/reports">All reports</Link>
      </p>
      <h1>{about.title}</h1>
      <p className="lead">{about.description}</p>
      {about.dates ? null : <p>This report is a snapshot of membership today, so it has no dates to filter by.</p>}
      <Form method="get" className="filters" aria-label="Report filters">
        {about.dates ? (
          <>
            <TextField
              name="from"
              label="From"
              hint={about.dates}
              type="date"
              width="medium"
              defaultValue={query.from ?? ""}
            />
            <TextField
              name="to"
              label="To"
              hint="This day included."
              type="date"
              width="medium"
              defaultValue={query.to ?? ""}
            />
          </>
        ) : null}
        <DistrictField name="district" label="District" choice={district} anyLabel="All districts" />
        {everywhere ? (
          <SelectField
            name="organisation"
            label="Organisation"
            defaultValue={query.organisation ? String(query.organisation) : ""}
            options={[
              { value: "", label: "All organisations" },
              ...organisations.map((o) => ({ value: String(o.id), label: o.name })),
            ]}
          />
        ) : null}
        <SelectField
          name="tier"
          label="Tier"
          defaultValue={query.tier ? String(query.tier) : ""}
          options={[
            { value: "", label: "All tiers" },
            ...TIERS.map((t) => ({ value: String(t), label: TIER_LABELS[t] })),
          ]}
        />
        <button type="submit" className="button">
          Apply
        </button>
      </Form>
      {report ? (
        <>
          <section aria-labelledby="report-summary">
            <h2 id="report-summary">Summary</h2>
            <dl className="report-figures">
              {report.summary.map((f) => (
                <div key={f.label}>
                  <dt>{f.label}</dt>
                  <dd>{f.value}</dd>
                </div>
              ))}
            </dl>
            <BarChart id={`chart-${report.id}`} {...report.chart} />
          </section>
          {report.about ? (
            <section aria-labelledby="report-about">
              <h2 id="report-about">About these figures</h2>
              {report.about.map((paragraph) => (
                <p key={paragraph}>{paragraph}</p>
              ))}
            </section>
          ) : null}
        </>
      ) : (
        <p>The figures are shown once the district is found: check its name above, or choose one of the matches.</p>
      )}
      {merges.length ? (
        <section aria-labelledby="report-merges">
          <h2 id="report-merges">Organisations merged</h2>
          <p>
            People and their records are counted in the organisation they belong to now, including for dates before
            these merges:
          </p>
          <ul>
            {merges.map((m) => (
              <li key={`${m.name}-${m.on}`}>
                {m.name} merged into {m.into} on {m.on}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {report ? (
        <section aria-labelledby="report-detail">
          <h2 id="report-detail">Detail</h2>
          {report.tables.map((table) => {
            const csv = new URLSearchParams(location.search);
            csv.set("table", table.id);
            const download = (
              <a href={`/reports/${report.id}/csv?${csv}`} download>
                Download “{table.caption}” (CSV)
              </a>
            );
            const body = table.onlyInCsv ? (
              <p>
                This table has a row for each of the {table.total.toLocaleString("en-GB")} {table.onlyInCsv}. That is
                too many to read on a page, so the table is only in its CSV: {download}. Filter the report by district
                or organisation to see a shorter table here.
              </p>
            ) : (
              <>
                <p>{download}</p>
                <ReportTableView table={table} />
              </>
            );
            return table.total > OPEN_ROWS ? (
              <details className="report-detail" key={table.id}>
                <summary>
                  {table.caption}: {table.total.toLocaleString("en-GB")} rows
                </summary>
                {body}
              </details>
            ) : (
              <div key={table.id}>{body}</div>
            );
          })}
        </section>
      ) : null}
    </>
  );
}

function ReportTableView({
  table,
}: {
  table: {
    caption: string;
    columns: string[];
    rows: Array<Array<string | number>>;
    total: number;
    totals?: Array<string | number>;
  };
}) {
  return (
    <TableRegion label={table.caption}>
      <table>
        <caption>
          {table.caption}
          {table.total > table.rows.length
            ? ` (the first ${table.rows.length} of ${table.total}; the CSV has them all)`
            : ""}
        </caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length}>Nothing in this period.</td>
            </tr>
          ) : (
            table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {table.totals ? (
          <tfoot>
            <tr>
              {table.totals.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </TableRegion>
  );
}
