import {
  TOOLKIT_CARD_TYPE_LABELS,
  TOOLKIT_CARD_TYPES,
  TOOLKIT_VISIBILITIES,
  TOOLKIT_VISIBILITY_LABELS,
} from "~drizzle/schema/toolkit-constants";
import type { FieldErrors } from "~/lib/forms";
import { SelectField, TextArea, TextField } from "./ui/field";
import { Checkboxes } from "./ui/checkboxes";

export type ToolkitCardValues = {
  title: string;
  type: string;
  body: string;
  visibility: string;
  districtIds: string[];
  circumstanceIds: string[];
  sectors: string;
  ownerId: string;
  reviewOn: string;
  note: string;
};

export type ToolkitCardChoices = {
  districts: Array<{ id: string; name: string }>;
  circumstances: Array<{ id: string; label: string }>;
  owners: Array<{ id: number; name: string; email: string }>;
};

/** The fields of a toolkit card, shared by the new-card and edit pages. */
export function ToolkitCardFields({
  values,
  errors,
  choices,
}: {
  values: ToolkitCardValues;
  errors?: FieldErrors | null;
  choices: ToolkitCardChoices;
}) {
  return (
    <>
      <TextField name="title" label="Title" defaultValue={values.title} error={errors?.title} maxLength={200} />
      <SelectField
        name="type"
        label="Kind of card"
        defaultValue={values.type}
        error={errors?.type}
        options={[
          { value: "", label: "Choose a kind" },
          ...TOOLKIT_CARD_TYPES.map((t) => ({ value: t, label: TOOLKIT_CARD_TYPE_LABELS[t] })),
        ]}
      />
      <TextArea
        name="body"
        label="The card"
        hint="Markdown: ## for a heading, - for a list item, **bold**, [link text](https://…). No pictures or scripts."
        rows={16}
        defaultValue={values.body}
        error={errors?.body}
        maxLength={30000}
      />
      <SelectField
        name="visibility"
        label="Who can see it"
        hint="Public: anyone, signed in or not. Members only: anyone signed in. Staff only: coordinators and administrators."
        defaultValue={values.visibility}
        error={errors?.visibility}
        options={[
          { value: "", label: "Choose who can see it" },
          ...TOOLKIT_VISIBILITIES.map((v) => ({ value: v, label: TOOLKIT_VISIBILITY_LABELS[v] })),
        ]}
      />
      <Checkboxes
        name="districtIds"
        legend="Districts"
        hint="Leave them all unticked for a card that applies across the county."
        error={errors?.districtIds}
        options={choices.districts.map((d) => ({ id: d.id, label: d.name }))}
        checked={values.districtIds}
      />
      <Checkboxes
        name="circumstanceIds"
        legend="Situations it helps with"
        error={errors?.circumstanceIds}
        options={choices.circumstances}
        checked={values.circumstanceIds}
      />
      <TextField
        name="sectors"
        label="Sectors"
        hint="Separate them with commas, for example: health, criminal justice"
        defaultValue={values.sectors}
        error={errors?.sectors}
        maxLength={400}
      />
      <SelectField
        name="ownerId"
        label="Owner"
        hint="The member who keeps the card up to date. They are emailed when the review date comes."
        defaultValue={values.ownerId}
        error={errors?.ownerId}
        options={[
          { value: "", label: "Choose the owner" },
          ...choices.owners.map((o) => ({ value: String(o.id), label: `${o.name} (${o.email})` })),
        ]}
      />
      <TextField
        name="reviewOn"
        label="Review by"
        type="date"
        width="medium"
        defaultValue={values.reviewOn}
        error={errors?.reviewOn}
      />
      <TextField
        name="note"
        label="What changed"
        hint="A short note for the card's history, for example: new referral inbox for Cherwell."
        defaultValue={values.note}
        error={errors?.note}
        maxLength={300}
      />
    </>
  );
}

/** A short list of toolkit cards, linked, for the directory and district pages. */
export function ToolkitLinks({
  cards,
  heading,
  id,
}: {
  cards: Array<{ slug: string; title: string; type: keyof typeof TOOLKIT_CARD_TYPE_LABELS }>;
  heading: string;
  id: string;
}) {
  if (cards.length === 0) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <ul>
        {cards.map((card) => (
          <li key={card.slug}>
            <a href={`/toolkit/${card.slug}`}>{card.title}</a>{" "}
            <span className="muted">({TOOLKIT_CARD_TYPE_LABELS[card.type].toLowerCase()})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
