import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { ToolkitCardFields, type ToolkitCardValues } from "~/components/toolkit-card-fields";
import { redirectWithFlash } from "~/lib/flash.server";
import { requirePermission } from "~/lib/guards.server";
import { cardFormChoices, parseCardForm } from "~/lib/toolkit/card-form.server";
import { withAudit } from "~/models/audit.server";
import { createToolkitCard, newCardSlug } from "~/models/toolkit.server";

export const meta: MetaFunction = () => [{ title: "Create a toolkit card – Champions Network" }];

function requireCardCreator(request: Request) {
  return requirePermission(request, "manage:toolkit", "everywhere");
}

export async function loader({ request }: LoaderFunctionArgs) {
  const coordinator = await requireCardCreator(request);
  const reviewOn = new Date();
  reviewOn.setUTCFullYear(reviewOn.getUTCFullYear() + 1);
  const values: ToolkitCardValues = {
    title: "",
    type: "",
    body: "",
    visibility: "members",
    districtIds: [],
    circumstanceIds: [],
    sectors: "",
    ownerId: String(coordinator.id),
    reviewOn: reviewOn.toISOString().slice(0, 10),
    note: "",
  };
  return json({ values, choices: cardFormChoices({ editor: coordinator }) });
}

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCardCreator(request);
  const result = parseCardForm(await request.formData(), cardFormChoices({ editor: coordinator }));
  if (!result.success) return json({ fieldErrors: result.fieldErrors, values: result.values }, { status: 400 });
  const card = withAudit(
    (tx) =>
      createToolkitCard(
        {
          slug: newCardSlug({ title: result.input.title }, tx),
          input: result.input,
          editorId: coordinator.id,
          note: result.note || "First version",
        },
        tx,
      ),
    (created) => ({
      actorId: coordinator.id,
      action: "toolkit.created",
      entityType: "toolkit-card",
      entityId: created.id,
      summary: `Created the toolkit card “${created.title}”`,
      after: result.input,
    }),
  );
  return redirectWithFlash(`/toolkit/${card.slug}`, "The card has been created.");
}

export default function NewToolkitCard() {
  const { values: blank, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? blank;
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <p>
        <Link to="/toolkit">Back to the toolkit</Link>
      </p>
      <span className="caption">Toolkit</span>
      <h1>Create a card</h1>
      <Form method="post" noValidate>
        <ToolkitCardFields values={values} errors={actionData?.fieldErrors} choices={choices} />
        <button type="submit" className="button">
          Create the card
        </button>
      </Form>
    </>
  );
}
