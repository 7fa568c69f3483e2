import { TIER_LABELS } from "~drizzle/schema/constants";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { TextArea, TextField } from "./ui/field";
import { Radios } from "./ui/radios";

/** The fields every workshop has, for the new, edit and series forms. */
export function WorkshopDetailFields({ values, errors }: { values: FormValues; errors?: FieldErrors }) {
  return (
    <>
      <TextField name="title" label="Title" defaultValue={values.title} error={errors?.title} maxLength={150} />
      <TextField
        name="topic"
        label="Topic"
        hint="For example: the Duty to Refer procedure, Universal Credit, early indicators."
        defaultValue={values.topic}
        error={errors?.topic}
        maxLength={150}
      />
      <Radios
        name="audienceTier"
        legend="Who is it for?"
        defaultValue={values.audienceTier}
        error={errors?.audienceTier}
        options={[
          {
            value: "1",
            label: `${TIER_LABELS[1]} workshop`,
            hint: "Tier 1 champions only; counts towards their currency.",
          },
          { value: "2", label: `${TIER_LABELS[2]} session`, hint: "Tier 1 and Tier 2 members." },
          { value: "3", label: "Open session", hint: "Any member." },
        ]}
      />
      <TextArea
        name="description"
        label="Description (optional)"
        hint="Markdown: **bold**, lists with -, links as [text](https://...)."
        defaultValue={values.description}
        error={errors?.description}
        rows={6}
        maxLength={5000}
      />
      <TextField
        name="venue"
        label="Venue"
        hint="Leave empty for an online-only workshop."
        defaultValue={values.venue}
        error={errors?.venue}
        maxLength={200}
      />
      <TextField
        name="joiningUrl"
        label="Online joining link"
        type="url"
        hint="Only people with a place see it. Leave empty for an in-person workshop."
        defaultValue={values.joiningUrl}
        error={errors?.joiningUrl}
        spellCheck={false}
      />
      <TextField
        name="capacity"
        label="Places"
        type="number"
        inputMode="numeric"
        min={1}
        max={500}
        width="short"
        defaultValue={values.capacity}
        error={errors?.capacity}
      />
    </>
  );
}

export function WorkshopTimeFields({ values, errors }: { values: FormValues; errors?: FieldErrors }) {
  return (
    <>
      <TextField name="date" label="Date" type="date" width="medium" defaultValue={values.date} error={errors?.date} />
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
        name="closesDate"
        label="Booking closes on"
        type="date"
        width="medium"
        hint="Nobody can book after this."
        defaultValue={values.closesDate}
        error={errors?.closesDate}
      />
      <TextField
        name="closesTime"
        label="Booking closes at (UK time)"
        type="time"
        width="short"
        defaultValue={values.closesTime}
        error={errors?.closesTime}
      />
    </>
  );
}
