import { useLocation } from "@remix-run/react";
import { PageLink } from "~/components/page-link";
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
}: {
  name: string;
  label: string;
  choice: DistrictChoice;
  /** The select's first, empty choice. */
  anyLabel: string;
  error?: string;
}) {
  const location = useLocation();
  /** This page with the district chosen, from its first page. */
  const hrefFor = (districtId: string) => {
    const params = new URLSearchParams(location.search);
    params.set(name, districtId);
    params.delete("page");
    return `?${params}`;
  };
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
        // A new field when the district changes: a link to one of the matches navigates in the browser, and the
        // field keeps what the member typed unless it is made again with the chosen district's name.
        key={choice.id ?? `typed:${choice.text}`}
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
              <PageLink to={hrefFor(d.id)}>{d.name}</PageLink>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
