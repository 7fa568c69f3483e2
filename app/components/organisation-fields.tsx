import { SECTOR_LABELS, SECTORS } from "~drizzle/schema/constants";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { SelectField, TextArea, TextField } from "./ui/field";

export type OrganisationFormDefaults = {
  name: string;
  sector: string;
  districtId: string;
  subjectToDutyToRefer: "yes" | "no" | "";
  description: string;
  publicInbox: string;
};

/**
 * The fields of an organisation. `identity` (name, sector, area, Duty to Refer)
 * is for the coordinator only; everyone who may edit sees the description and inbox.
 */
export function OrganisationFields({
  defaults,
  values,
  errors,
  districts,
  identity,
}: {
  defaults: OrganisationFormDefaults;
  values?: FormValues;
  errors?: FieldErrors;
  districts: Array<{ id: string; name: string }>;
  identity: boolean;
}) {
  const value = (name: keyof OrganisationFormDefaults) => values?.[name] ?? defaults[name];
  return (
    <>
      {identity ? (
        <>
          <TextField
            name="name"
            label="Name"
            hint="The name people use, in full. A new name gives the organisation a new address; the old one redirects."
            defaultValue={value("name")}
            error={errors?.name}
            maxLength={120}
          />
          <SelectField
            name="sector"
            label="Sector"
            defaultValue={value("sector")}
            error={errors?.sector}
            options={[
              { value: "", label: "Choose a sector" },
              ...SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] })),
            ]}
          />
          <SelectField
            name="districtId"
            label="Area"
            hint="The district the organisation is based in, or countywide if it works across the county."
            defaultValue={value("districtId")}
            error={errors?.districtId}
            options={[{ value: "", label: "Countywide" }, ...districts.map((d) => ({ value: d.id, label: d.name }))]}
          />
          <SelectField
            name="subjectToDutyToRefer"
            label="Is the organisation under the Duty to Refer?"
            hint="Public authorities named in the Homelessness Reduction Act 2017 must refer people to a housing authority."
            defaultValue={value("subjectToDutyToRefer")}
            error={errors?.subjectToDutyToRefer}
            options={[
              { value: "", label: "Choose yes or no" },
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
            ]}
          />
        </>
      ) : null}
      <TextArea
        name="description"
        label="What the organisation does"
        hint="One or two sentences that help people in other organisations know when to contact you."
        defaultValue={value("description")}
        error={errors?.description}
        maxLength={2000}
      />
      <TextField
        name="publicInbox"
        label="Public contact inbox (optional)"
        type="email"
        hint="A shared team mailbox, not a person's own address. Anyone can see it."
        spellCheck={false}
        defaultValue={value("publicInbox")}
        error={errors?.publicInbox}
      />
    </>
  );
}
