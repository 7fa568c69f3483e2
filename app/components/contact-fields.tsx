import type { FieldErrors } from "~/lib/forms";
import { TextArea, TextField } from "./ui/field";
import { Checkboxes } from "./ui/checkboxes";

export type ContactFieldValues = {
  isGoTo?: boolean;
  howToContact: string;
  directPhone: string;
  showDirectPhone: boolean;
  mobile: string;
  showMobile: boolean;
  districtIds: string[];
  specialismIds: string[];
};

function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <div className="checkboxes__item form-group">
      <input id={name} type="checkbox" name={name} defaultChecked={checked} />
      <label htmlFor={name}>{label}</label>
    </div>
  );
}

/** The fields of a directory entry; `managed` adds the go-to choice for organisation leads and the coordinator. */
export function ContactFields({
  values,
  errors,
  districts,
  specialisms,
  managed,
}: {
  values: ContactFieldValues;
  errors?: FieldErrors;
  districts: Array<{ id: string; name: string }>;
  specialisms: Array<{ id: string; label: string }>;
  managed: boolean;
}) {
  return (
    <>
      {managed ? (
        <Checkbox
          name="isGoTo"
          label="This is the organisation's go-to housing contact"
          checked={Boolean(values.isGoTo)}
        />
      ) : null}
      <TextArea
        name="howToContact"
        label="How to contact (optional)"
        hint="For example: email first; on the wards Monday to Thursday."
        rows={2}
        defaultValue={values.howToContact}
        error={errors?.howToContact}
        maxLength={300}
      />
      <TextField
        name="directPhone"
        label="Direct phone (optional)"
        type="tel"
        autoComplete="tel"
        width="medium"
        defaultValue={values.directPhone}
        error={errors?.directPhone}
      />
      <Checkbox
        name="showDirectPhone"
        label="Show my direct phone to signed-in members"
        checked={values.showDirectPhone}
      />
      <TextField
        name="mobile"
        label="Mobile (optional)"
        type="tel"
        width="medium"
        defaultValue={values.mobile}
        error={errors?.mobile}
      />
      <Checkbox name="showMobile" label="Show my mobile to signed-in members" checked={values.showMobile} />
      <Checkboxes
        name="districtIds"
        legend="Districts covered"
        hint="Leave all unticked if you cover the whole county."
        options={districts.map((d) => ({ id: d.id, label: d.name }))}
        checked={values.districtIds}
      />
      <Checkboxes name="specialismIds" legend="Specialisms" options={specialisms} checked={values.specialismIds} />
    </>
  );
}

/** Reads back what was typed after a failed submission. */
export function contactValuesFromForm(
  values: Record<string, string>,
  form: { districtIds: string[]; specialismIds: string[] },
): ContactFieldValues {
  return {
    isGoTo: values.isGoTo === "on",
    howToContact: values.howToContact ?? "",
    directPhone: values.directPhone ?? "",
    showDirectPhone: values.showDirectPhone === "on",
    mobile: values.mobile ?? "",
    showMobile: values.showMobile === "on",
    districtIds: form.districtIds,
    specialismIds: form.specialismIds,
  };
}
