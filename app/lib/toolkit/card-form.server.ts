import type { ToolkitCardChoices, ToolkitCardValues } from "~/components/toolkit-card-fields";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { can, type Actor } from "~/lib/permissions";
import { listCircumstances } from "~/models/directory.server";
import { listDistricts } from "~/models/district.server";
import { listPossibleOwners, type ToolkitCardInput } from "~/models/toolkit.server";
import { toolkitCardSchema } from "~/validation/toolkit";

/**
 * What the card form offers. Only staff choose among every member as owner; an
 * owner editing their own card sees just themselves (the member list is not theirs to read).
 */
export function cardFormChoices({ editor, ownerId }: { editor: Actor; ownerId?: number }): ToolkitCardChoices {
  const everyone = listPossibleOwners();
  return {
    districts: listDistricts().map((d) => ({ id: d.id, name: d.name })),
    circumstances: listCircumstances().map((c) => ({ id: c.id, label: c.label })),
    owners: can(editor, "manage:toolkit", "everywhere") ? everyone : everyone.filter((o) => o.id === ownerId),
  };
}

export function cardFormValues(input: ToolkitCardInput, note = ""): ToolkitCardValues {
  return {
    title: input.title,
    type: input.type,
    body: input.body,
    visibility: input.visibility,
    districtIds: input.districtIds,
    circumstanceIds: input.circumstanceIds,
    sectors: input.sectors.join(", "),
    ownerId: String(input.ownerId),
    reviewOn: input.reviewOn,
    note,
  };
}

function typedValues(form: FormData): ToolkitCardValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const list = (name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");
  return {
    title: text("title"),
    type: text("type"),
    body: text("body"),
    visibility: text("visibility"),
    districtIds: list("districtIds"),
    circumstanceIds: list("circumstanceIds"),
    sectors: text("sectors"),
    ownerId: text("ownerId"),
    reviewOn: text("reviewOn"),
    note: text("note"),
  };
}

export type CardFormResult =
  | { success: true; input: ToolkitCardInput; note: string }
  | { success: false; fieldErrors: FieldErrors; values: ToolkitCardValues };

/** The card form, checked with its zod schema and against the districts, situations and members that exist. */
export function parseCardForm(form: FormData, choices: ToolkitCardChoices): CardFormResult {
  const parsed = parseForm(toolkitCardSchema, form);
  const values = typedValues(form);
  const fieldErrors: FieldErrors = parsed.success ? {} : { ...parsed.fieldErrors };
  if (parsed.success) {
    const { districtIds, circumstanceIds, ownerId } = parsed.data;
    const districts = new Set(choices.districts.map((d) => d.id));
    const circumstances = new Set(choices.circumstances.map((c) => c.id));
    if (districtIds.some((id) => !districts.has(id))) fieldErrors.districtIds = "Choose districts from the list";
    if (circumstanceIds.some((id) => !circumstances.has(id)))
      fieldErrors.circumstanceIds = "Choose situations from the list";
    if (!choices.owners.some((o) => o.id === ownerId)) fieldErrors.ownerId = "Choose the card's owner from the list";
  }
  if (!parsed.success || Object.keys(fieldErrors).length > 0) return { success: false, fieldErrors, values };
  const { note, ...input } = parsed.data;
  return { success: true, input, note };
}
