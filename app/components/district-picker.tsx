import { Form } from "@remix-run/react";
import { SelectField } from "~/components/ui/field";

/**
 * A small GET form that narrows a long organisation list to one district
 * (see organisationChoicesFor). Shown only when the network is too big for
 * one select list.
 */
export function DistrictPicker({
  districts,
  district,
  label,
  hint,
}: {
  districts: Array<{ id: string; name: string }>;
  district: string;
  label: string;
  hint: string;
}) {
  return (
    <Form method="get" className="filters" aria-label={label}>
      <SelectField
        name="district"
        label={label}
        hint={hint}
        defaultValue={district}
        options={[{ value: "", label: "Choose a district" }, ...districts.map((d) => ({ value: d.id, label: d.name }))]}
      />
      <button type="submit" className="button button--secondary">
        List its organisations
      </button>
    </Form>
  );
}
