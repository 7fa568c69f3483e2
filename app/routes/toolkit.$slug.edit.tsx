import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { ToolkitCardFields } from "~/components/toolkit-card-fields";
import { redirectWithFlash } from "~/lib/flash.server";
import { requireCardEditor } from "~/lib/toolkit/card-access.server";
import { cardFormChoices, cardFormValues, parseCardForm } from "~/lib/toolkit/card-form.server";
import { withAudit } from "~/models/audit.server";
import { cardInputOf, updateToolkitCard } from "~/models/toolkit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.title ?? "toolkit card"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { member, card } = await requireCardEditor(request, params.slug);
  return json({
    slug: card.slug,
    title: card.title,
    version: card.currentVersion,
    values: cardFormValues(cardInputOf(card)),
    choices: cardFormChoices({ editor: member, ownerId: card.ownerId }),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, card } = await requireCardEditor(request, params.slug);
  const result = parseCardForm(await request.formData(), cardFormChoices({ editor: member, ownerId: card.ownerId }));
  if (!result.success) return json({ fieldErrors: result.fieldErrors, values: result.values }, { status: 400 });
  const { number } = withAudit(
    (tx) =>
      updateToolkitCard(
        { cardId: card.id, input: result.input, editorId: member.id, note: result.note || "Edited" },
        tx,
      ),
    ({ before, number }) => ({
      actorId: member.id,
      action: "toolkit.edited",
      entityType: "toolkit-card",
      entityId: card.id,
      summary: `Saved version ${number} of “${result.input.title}”`,
      before,
      after: result.input,
    }),
  );
  return redirectWithFlash(`/toolkit/${card.slug}`, `Saved as version ${number}.`);
}

export default function EditToolkitCard() {
  const { slug, title, version, values: saved, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? saved;
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <p>
        <Link to={`/toolkit/${slug}`}>Back to the card</Link>
      </p>
      <span className="caption">Toolkit</span>
      <h1>Edit {title}</h1>
      <p>
        This is version {version}. Saving makes a new version; the earlier ones stay in the card's{" "}
        <Link to={`/toolkit/${slug}/history`}>history</Link>, and any of them can be restored.
      </p>
      <Form method="post" noValidate>
        <ToolkitCardFields values={values} errors={actionData?.fieldErrors} choices={choices} />
        <button type="submit" className="button">
          Save a new version
        </button>
      </Form>
    </>
  );
}
