import { Link } from "@remix-run/react";
import type { DistrictChoice } from "~/lib/district-choice";
import { SelectField, TextField } from "~/components/ui/field";

/**
 * The district filter: a select when there are few districts, otherwise a
 * text field for the name, with links to the districts that match when the
 * name typed matches several (see app/lib/district-choice.ts).
 */
export function DistrictField({
  name,
  label,
  choice,
  anyLabel,
  error,
  hrefFor,
}: {
  name: string;
  label: string;
  choice: DistrictChoice;
  /** The select's first, empty choice. */
  anyLabel: string;
  error?: string;
  /** The link that chooses one of several matching districts. */
  hrefFor: (districtId: string) => string;
}) {
  if (choice.options) {
    return (
      <SelectField
        name={name}
        label={label}
        defaultValue={choice.id ?? ""}
        error={error}
        options={[{ value: "", label: anyLabel }, ...choice.options]}
      />
    );
  }
  return (
    <>
      <TextField
        name={name}
        label={label}
        hint="Type the district's or council's name, or part of it."
        defaultValue={choice.text}
        error={error ?? choice.error}
        maxLength={100}
        spellCheck={false}
      />
      {choice.matches.length ? (
        <ul className="district-matches">
          {choice.matches.map((d) => (
            <li key={d.id}>
              <Link to={hrefFor(d.id)}>{d.name}</Link>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
