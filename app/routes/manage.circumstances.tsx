import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextField } from "~/components/ui/field";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { listSpecialisms } from "~/models/contact.server";
import { withAudit } from "~/models/audit.server";
import { listCircumstances, saveCircumstance, saveSpecialism } from "~/models/directory.server";
import { circumstanceSchema, specialismSchema } from "~/validation/circumstance";

export const meta: MetaFunction = () => [{ title: "Circumstances and specialisms – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:directory", "everywhere");
  return json({ circumstances: listCircumstances(), specialisms: listSpecialisms() });
}

const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:directory", "everywhere");
  const form = await request.formData();
  if (form.get("intent") === "specialism") {
    const parsed = parseForm(specialismSchema, form);
    if (!parsed.success)
      return json<ActionData>(
        { fieldErrors: { "specialism-label": parsed.fieldErrors.label }, values: parsed.values },
        { status: 400 },
      );
    withAudit(
      (tx) => saveSpecialism({ id: slug(parsed.data.label), label: parsed.data.label }, tx),
      () => ({
        actorId: actor.id,
        action: "specialism.saved",
        entityType: "specialism",
        entityId: slug(parsed.data.label),
        summary: `Added the specialism ${parsed.data.label}`,
        after: parsed.data,
      }),
    );
    return redirectWithFlash("/manage/circumstances", `Specialism “${parsed.data.label}” added.`);
  }
  const parsed = parseForm(circumstanceSchema, form);
  // Each circumstance has its own form: error links point at that form's fields.
  const suffix = String(form.get("id") || "new");
  const scoped = (errors: FieldErrors) =>
    Object.fromEntries(Object.entries(errors).map(([field, message]) => [`${field}-${suffix}`, message]));
  if (!parsed.success)
    return json<ActionData>({ fieldErrors: scoped(parsed.fieldErrors), values: parsed.values }, { status: 400 });
  const known = new Set(listSpecialisms().map((s) => s.id));
  if (parsed.data.specialismIds.some((id) => !known.has(id))) {
    return json<ActionData>(
      { fieldErrors: scoped({ specialismIds: "Choose specialisms from the list" }), values: parsed.values },
      { status: 400 },
    );
  }
  const id = parsed.data.id || slug(parsed.data.label);
  if (!id)
    return json<ActionData>(
      { fieldErrors: scoped({ label: "Use letters or numbers in the situation" }), values: parsed.values },
      { status: 400 },
    );
  withAudit(
    (tx) => saveCircumstance({ ...parsed.data, id }, tx),
    () => ({
      actorId: actor.id,
      action: "circumstance.saved",
      entityType: "circumstance",
      entityId: id,
      summary: `Saved the situation ${parsed.data.label}`,
      after: parsed.data,
    }),
  );
  return redirectWithFlash("/manage/circumstances", `“${parsed.data.label}” saved.`);
}

export default function Circumstances() {
  const { circumstances, specialisms } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">Coordinator</span>
      <h1>Circumstances and specialisms</h1>
      <p className="lead">“Who do I call?” matches the person's situation to champions with these specialisms.</p>
      {[...circumstances, { id: "", label: "", description: "", specialismIds: [] as string[], sortOrder: 0 }].map(
        (c) => (
          <Form method="post" key={c.id || "new"} className="question" noValidate>
            <h2>{c.id ? c.label : "Add a situation"}</h2>
            <input type="hidden" name="intent" value="circumstance" />
            <input type="hidden" name="id" value={c.id} />
            <TextField
              name="label"
              id={`label-${c.id || "new"}`}
              label="Situation"
              defaultValue={c.label}
              error={actionData?.fieldErrors[`label-${c.id || "new"}`]}
              maxLength={120}
            />
            <TextField
              name="description"
              id={`description-${c.id || "new"}`}
              label="Description"
              defaultValue={c.description}
              error={actionData?.fieldErrors[`description-${c.id || "new"}`]}
              maxLength={300}
            />
            <fieldset>
              <legend>Specialisms that help</legend>
              <div className="checkboxes checkboxes--columns">
                {specialisms.map((s) => (
                  <div key={s.id} className="checkboxes__item">
                    <input
                      id={`${c.id || "new"}-${s.id}`}
                      type="checkbox"
                      name="specialismIds"
                      value={s.id}
                      defaultChecked={c.specialismIds.includes(s.id)}
                    />
                    <label htmlFor={`${c.id || "new"}-${s.id}`}>{s.label}</label>
                  </div>
                ))}
              </div>
            </fieldset>
            <button type="submit" className="button button--secondary">
              Save<span className="visually-hidden"> {c.label || "new situation"}</span>
            </button>
          </Form>
        ),
      )}
      <h2>Add a specialism</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="specialism" />
        <TextField
          name="label"
          id="specialism-label"
          label="Specialism"
          error={actionData?.fieldErrors["specialism-label"]}
          maxLength={60}
        />
        <button type="submit" className="button">
          Add specialism
        </button>
      </Form>
    </>
  );
}
