import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/ui/field";
import { WorkshopDetailFields } from "~/components/workshop-fields";
import { formatDateTime, formatEventTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requireCoordinator } from "~/lib/guards.server";
import { WEEKDAY_NAMES } from "~/lib/workshops/series";
import { planSeries } from "~/lib/workshops/series-plan.server";
import { withAudit } from "~/models/audit.server";
import { createWorkshopSeries } from "~/models/workshop.server";
import { workshopSeriesSchema } from "~/validation/workshop";

export const meta: MetaFunction = () => [{ title: "Schedule a series of workshops – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  return null;
}

type ActionData = {
  fieldErrors?: FieldErrors;
  values: FormValues;
  preview?: { description: string; workshops: Array<{ when: string; closes: string }> };
};

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const form = await request.formData();
  const parsed = parseForm(workshopSeriesSchema, form);
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const { inputs, description } = planSeries(parsed.data);
  if (inputs[0].startsAt <= new Date()) {
    return json<ActionData>(
      {
        fieldErrors: { firstMonth: "The first workshop would be in the past: choose a later first month" },
        values: parsed.values,
      },
      { status: 400 },
    );
  }
  if (form.get("intent") !== "create") {
    return json<ActionData>({
      values: parsed.values,
      preview: {
        description,
        workshops: inputs.map((w) => ({
          when: formatEventTime(w.startsAt, w.endsAt),
          closes: formatDateTime(w.bookingClosesAt),
        })),
      },
    });
  }
  withAudit(
    (tx) =>
      createWorkshopSeries({ title: parsed.data.title, rule: description, inputs, createdBy: coordinator.id }, tx),
    (series) => ({
      actorId: coordinator.id,
      action: "workshop.series-created",
      entityType: "workshop-series",
      entityId: series.seriesId,
      summary: `Scheduled ${inputs.length} workshops: ${parsed.data.title} (${description})`,
      after: { workshopIds: series.workshopIds },
    }),
  );
  return redirectWithFlash(
    "/manage/workshops",
    `${inputs.length} workshops are scheduled (${description}). You can now adjust single dates.`,
  );
}

export default function NewSeries() {
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? {
    audienceTier: "1",
    capacity: "25",
    everyMonths: "2",
    weekOfMonth: "3",
    weekday: "2",
    startTime: "10:00",
    endTime: "12:30",
    count: "6",
    closesDaysBefore: "2",
  };
  const errors = actionData?.fieldErrors;
  const preview = actionData?.preview;
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="caption">Coordinator</span>
      <h1>Schedule a series of workshops</h1>
      <p className="lead">
        For example, the bi-monthly Tier 1 workshops: every second month on the third Tuesday, 10:00 to 12:30, six
        times.
      </p>
      {preview ? (
        <section className="notification" aria-labelledby="preview-title">
          <h2 id="preview-title" className="notification__title">
            Check the {preview.workshops.length} dates
          </h2>
          <p>{preview.description}</p>
          <ol>
            {preview.workshops.map((w) => (
              <li key={w.when}>
                {w.when} (booking closes {w.closes})
              </li>
            ))}
          </ol>
          <p>If these are right, create them below. You can change or cancel single dates afterwards.</p>
        </section>
      ) : null}
      <Form method="post" noValidate>
        <WorkshopDetailFields values={values} errors={errors} />
        <h2>When</h2>
        <TextField
          name="firstMonth"
          label="First month"
          type="month"
          hint="For example 2027-01."
          width="medium"
          defaultValue={values.firstMonth}
          error={errors?.firstMonth}
        />
        <SelectField
          name="everyMonths"
          label="How often"
          defaultValue={values.everyMonths}
          error={errors?.everyMonths}
          options={[
            { value: "1", label: "Every month" },
            { value: "2", label: "Every second month" },
            { value: "3", label: "Every third month" },
            { value: "6", label: "Every six months" },
          ]}
        />
        <SelectField
          name="weekOfMonth"
          label="Which week"
          defaultValue={values.weekOfMonth}
          error={errors?.weekOfMonth}
          options={[
            { value: "1", label: "First" },
            { value: "2", label: "Second" },
            { value: "3", label: "Third" },
            { value: "4", label: "Fourth" },
            { value: "-1", label: "Last" },
          ]}
        />
        <SelectField
          name="weekday"
          label="Day"
          defaultValue={values.weekday}
          error={errors?.weekday}
          options={WEEKDAY_NAMES.map((name, i) => ({ value: String(i), label: name })).slice(1, 6)}
        />
        <TextField
          name="startTime"
          label="Start time (UK time)"
          type="time"
          width="short"
          defaultValue={values.startTime}
          error={errors?.startTime}
        />
        <TextField
          name="endTime"
          label="End time (UK time)"
          type="time"
          width="short"
          defaultValue={values.endTime}
          error={errors?.endTime}
        />
        <TextField
          name="count"
          label="How many workshops"
          type="number"
          inputMode="numeric"
          min={2}
          max={24}
          width="short"
          defaultValue={values.count}
          error={errors?.count}
        />
        <TextField
          name="closesDaysBefore"
          label="Booking closes this many days before each workshop"
          type="number"
          inputMode="numeric"
          min={0}
          max={60}
          width="short"
          defaultValue={values.closesDaysBefore}
          error={errors?.closesDaysBefore}
        />
        <button type="submit" name="intent" value="preview" className="button button--secondary">
          Preview the dates
        </button>
        {preview ? (
          <button type="submit" name="intent" value="create" className="button">
            Create {preview.workshops.length} workshops
          </button>
        ) : null}
        <Link to="/manage/workshops">Cancel</Link>
      </Form>
    </>
  );
}
