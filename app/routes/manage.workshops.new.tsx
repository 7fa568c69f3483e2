import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { WorkshopDetailFields, WorkshopTimeFields } from "~/components/workshop-fields";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requireCoordinator } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import { createWorkshop } from "~/models/workshop.server";
import { workshopSchema } from "~/validation/workshop";

export const meta: MetaFunction = () => [{ title: "Schedule a workshop – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requireCoordinator(request);
  const parsed = parseForm(workshopSchema, await request.formData());
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors; values: FormValues }>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  if (parsed.data.startsAt <= new Date()) {
    return json(
      { fieldErrors: { date: "The workshop must be in the future" }, values: parsed.values },
      { status: 400 },
    );
  }
  const { id } = withAudit(
    (tx) => createWorkshop({ input: parsed.data, createdBy: coordinator.id }, tx),
    ({ id }) => ({
      actorId: coordinator.id,
      action: "workshop.created",
      entityType: "workshop",
      entityId: id,
      summary: `Scheduled ${parsed.data.title}`,
      after: parsed.data,
    }),
  );
  return redirectWithFlash(`/manage/workshops/${id}`, "The workshop is scheduled and open for booking.");
}

export default function NewWorkshop() {
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? {
    audienceTier: "1",
    capacity: "20",
    startTime: "10:00",
    endTime: "12:30",
    closesTime: "17:00",
  };
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <span className="caption">Coordinator</span>
      <h1>Schedule a workshop</h1>
      <Form method="post" noValidate>
        <WorkshopDetailFields values={values} errors={actionData?.fieldErrors} />
        <WorkshopTimeFields values={values} errors={actionData?.fieldErrors} />
        <button type="submit" className="button">
          Schedule workshop
        </button>
        <Link to="/manage/workshops" className="button button--secondary">
          Cancel
        </Link>
      </Form>
    </>
  );
}
