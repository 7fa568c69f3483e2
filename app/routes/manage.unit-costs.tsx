import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { UNIT_COST_APPLIES_TO, type UnitCostAppliesTo } from "~drizzle/schema/impact";
import { ErrorSummary } from "~/components/error-summary";
import { TableRegion } from "~/components/table-region";
import { SelectField, TextArea, TextField } from "~/components/ui/field";
import { Radios } from "~/components/ui/radios";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { notFound, requirePermission } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import { getUnitCost, listUnitCosts, updateUnitCost } from "~/models/impact.server";
import { unitCostSchema } from "~/validation/unit-cost";

export const meta: MetaFunction = () => [{ title: "Unit costs – Champions Network" }];

const APPLIES_TO_LABELS: Record<UnitCostAppliesTo, string> = {
  prevented: "Every prevented case",
  "prevented-through-health": "Prevented cases that came through a health organisation",
  relieved: "Every relieved case",
};

const pounds = (pence: number) => (pence / 100).toFixed(2);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:directory", "everywhere");
  const costs = listUnitCosts();
  const wanted = Number(new URL(request.url).searchParams.get("cost"));
  const editing = costs.find((c) => c.id === wanted) ?? costs[0] ?? null;
  return json({ costs, editing });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:directory", "everywhere");
  const parsed = parseForm(unitCostSchema, await request.formData());
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const { id, amount, ...rest } = parsed.data;
  const before = getUnitCost({ id });
  if (!before) throw notFound("We could not find that unit cost. It may have been removed.");
  const input = { ...rest, amountPence: amount };
  withAudit(
    (tx) => updateUnitCost({ id, input, updatedBy: actor.id }, tx),
    () => ({
      actorId: actor.id,
      action: "unit-cost.updated",
      entityType: "unit_cost",
      entityId: before.key,
      summary: `Changed the unit cost ${input.label}`,
      before: {
        label: before.label,
        amountPence: before.amountPence,
        unit: before.unit,
        unitsPerCase: before.unitsPerCase,
        appliesTo: before.appliesTo,
        source: before.source,
        year: before.year,
        isAssumption: before.isAssumption,
        basis: before.basis,
      },
      after: input,
    }),
  );
  return redirectWithFlash(`/manage/unit-costs?cost=${id}`, `“${input.label}” saved.`);
}

export default function UnitCosts() {
  const { costs, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const typed = (field: string, saved: string) => actionData?.values[field] ?? saved;
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="caption">Coordinator</span>
      <h1>Unit costs</h1>
      <p className="lead">
        The figures behind the <Link to="/reports/impact">impact report</Link>’s estimate of costs avoided. The report
        shows each one beside the estimate, with its source and year, and calls the result an estimate.
      </p>
      <TableRegion label="Unit costs">
        <table>
          <caption>Unit costs</caption>
          <thead>
            <tr>
              <th scope="col">Unit cost</th>
              <th scope="col">Cost per unit</th>
              <th scope="col">Units per case</th>
              <th scope="col">Source</th>
              <th scope="col">Year</th>
              <th scope="col">Assumption</th>
            </tr>
          </thead>
          <tbody>
            {costs.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`?cost=${c.id}`}>{c.label}</Link>
                </td>
                <td>
                  £{pounds(c.amountPence)} per {c.unit}
                </td>
                <td>{c.unitsPerCase}</td>
                <td>{c.source}</td>
                <td>{c.year}</td>
                <td>{c.isAssumption ? "Yes" : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {editing ? (
        <Form method="post" noValidate key={editing.id}>
          <h2>Change “{editing.label}”</h2>
          <input type="hidden" name="id" value={editing.id} />
          <TextField
            name="label"
            label="What the cost is for"
            defaultValue={typed("label", editing.label)}
            error={errors?.label}
            maxLength={120}
          />
          <TextField
            name="amount"
            label="Cost per unit, in pounds"
            hint="For example 451 or 451.50."
            defaultValue={typed("amount", pounds(editing.amountPence))}
            error={errors?.amount}
            width="medium"
            inputMode="text"
          />
          <TextField
            name="unit"
            label="Unit"
            hint="One unit, like bed day or night."
            defaultValue={typed("unit", editing.unit)}
            error={errors?.unit}
            maxLength={40}
            width="medium"
          />
          <TextField
            name="unitsPerCase"
            label="Units per case"
            hint="How many units one case avoids, like 1 or 30.5."
            defaultValue={typed("unitsPerCase", String(editing.unitsPerCase))}
            error={errors?.unitsPerCase}
            width="short"
          />
          <SelectField
            name="appliesTo"
            label="Cases it applies to"
            defaultValue={typed("appliesTo", editing.appliesTo)}
            error={errors?.appliesTo}
            options={UNIT_COST_APPLIES_TO.map((value) => ({ value, label: APPLIES_TO_LABELS[value] }))}
          />
          <TextField
            name="source"
            label="Source"
            hint="Where the figure comes from, or that it is an assumption."
            defaultValue={typed("source", editing.source)}
            error={errors?.source}
            maxLength={300}
          />
          <TextField
            name="year"
            label="Year"
            hint="The year the figure is for, or was published."
            defaultValue={typed("year", String(editing.year))}
            error={errors?.year}
            width="short"
          />
          <Radios
            name="isAssumption"
            legend="Is the figure an assumption?"
            hint="Say yes unless it comes from a published source."
            defaultValue={typed("isAssumption", editing.isAssumption ? "yes" : "no")}
            error={errors?.isAssumption}
            options={[
              { value: "yes", label: "Yes, an assumption" },
              { value: "no", label: "No, a published figure" },
            ]}
            inline
          />
          <TextArea
            name="basis"
            label="Basis"
            hint="Why this figure, and how it is applied: shown beside the estimate."
            defaultValue={typed("basis", editing.basis)}
            error={errors?.basis}
          />
          <button type="submit" className="button">
            Save unit cost
          </button>
        </Form>
      ) : (
        <p>There are no unit costs.</p>
      )}
    </>
  );
}
