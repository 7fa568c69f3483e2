import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GAP_REASON_LABELS } from "~drizzle/schema/succession";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextField } from "~/components/ui/field";
import { formatDate, formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { can } from "~/lib/permissions";
import { organisationFromParams } from "~/lib/organisation-route.server";
import { withAudit } from "~/models/audit.server";
import { BookingError } from "~/models/booking.server";
import { DuplicateEmailError } from "~/models/member.server";
import {
  actForColleague,
  decideNomination,
  getOpenGap,
  listBookableWorkshops,
  listHeldPlacesFor,
  listOrganisationStaff,
  listPendingNominations,
  nominateSuccessor,
  SuccessionError,
} from "~/models/succession.server";
import { successionActionSchema } from "~/validation/succession";
import { TableRegion } from "~/components/table-region";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Champion succession: ${data?.organisation.name ?? "organisation"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const organisation = organisationFromParams(request, params.slug);
  const viewer = await requirePermission(request, "manage:succession", { organisationId: organisation.id });
  const now = new Date();
  const gap = getOpenGap({ organisationId: organisation.id, now });
  return json({
    organisation: { name: organisation.name, slug: organisation.slug },
    gap: gap
      ? { reason: GAP_REASON_LABELS[gap.reason], openedAt: formatDate(gap.openedAt), daysOpen: gap.daysOpen }
      : null,
    nominations: listPendingNominations({ organisationId: organisation.id }).map((n) => ({
      id: n.id,
      championName: n.championName,
      successorName: n.successorName,
    })),
    staff: listOrganisationStaff({ organisationId: organisation.id }),
    workshops: listBookableWorkshops({ now }).map((w) => ({
      id: w.id,
      label: `${w.title}, ${formatDateTime(w.startsAt)} (Tier ${w.audienceTier})`,
    })),
    held: listHeldPlacesFor({ organisationId: organisation.id }).map((h) => ({
      ...h,
      heldUntil: formatDateTime(h.heldUntil),
    })),
    canBookForStaff: can(viewer, "book:workshop-for-staff", { organisationId: organisation.id }),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const organisation = organisationFromParams(request, params.slug);
  const actor = await requirePermission(request, "manage:succession", { organisationId: organisation.id });
  const parsed = parseForm(successionActionSchema, await request.formData());
  if (!parsed.success) {
    return json<{ fieldErrors: FieldErrors; values?: Record<string, string> }>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  const data = parsed.data;
  const back = `/organisations/${organisation.slug}/succession`;
  try {
    if (data.intent === "nominate" || data.intent === "invite") {
      const successor =
        data.intent === "nominate"
          ? { memberId: data.memberId }
          : { name: data.name, email: data.email, jobTitle: data.jobTitle };
      const result = withAudit(
        (tx) => nominateSuccessor({ organisationId: organisation.id, successor, actorId: actor.id }, tx),
        (r) => ({
          actorId: actor.id,
          action: "succession.nominated",
          entityType: "organisation",
          entityId: organisation.id,
          summary: `Nominated ${r.name} as Tier 1 champion of ${organisation.name}${r.invited ? " (invited)" : ""}`,
          after: { memberId: r.memberId, gapId: r.gapId, holdId: r.holdId, invited: r.invited },
        }),
      );
      return redirectWithFlash(
        back,
        `${result.name} is on the Tier 1 pathway and has been emailed${result.place ? ", with a place held at the next Tier 1 workshop" : ""}.`,
      );
    }
    if (data.intent === "confirm" || data.intent === "decline") {
      const confirm = data.intent === "confirm";
      withAudit(
        (tx) =>
          decideNomination(
            { organisationId: organisation.id, nominationId: data.nominationId, confirm, actorId: actor.id },
            tx,
          ),
        ({ nomination }) => ({
          actorId: actor.id,
          action: confirm ? "succession.confirmed" : "succession.declined",
          entityType: "successor_nomination",
          entityId: nomination.id,
          summary: `${confirm ? "Confirmed" : "Declined"} a successor nominated for ${organisation.name}`,
          after: { successorId: nomination.successorId, championId: nomination.championId },
        }),
      );
      return redirectWithFlash(back, confirm ? "The nomination is confirmed." : "The nomination is declined.");
    }
    const place = data.intent === "hold" || data.intent === "book" ? data : null;
    if (!place) throw new SuccessionError("Choose what to do.");
    await requirePermission(request, "book:workshop-for-staff", { organisationId: organisation.id });
    const result = withAudit(
      (tx) =>
        actForColleague(
          {
            organisationId: organisation.id,
            memberId: place.memberId,
            workshopId: place.workshopId,
            action: place.intent,
            actorId: actor.id,
          },
          tx,
        ),
      (r) => ({
        actorId: actor.id,
        action: place.intent === "hold" ? "workshop.place-held-for-staff" : "workshop.booked-for-staff",
        entityType: "member",
        entityId: place.memberId,
        summary: `${place.intent === "hold" ? "Held" : "Booked"} a workshop place for ${r.member}`,
        after: { workshopId: place.workshopId, organisationId: organisation.id },
      }),
    );
    return redirectWithFlash(
      back,
      `${place.intent === "hold" ? "A place is held" : "A place is booked"} for ${result.member}, who has been emailed.`,
    );
  } catch (error) {
    if (!(error instanceof SuccessionError || error instanceof BookingError || error instanceof DuplicateEmailError)) {
      throw error;
    }
    const field = error instanceof DuplicateEmailError ? "email" : "form";
    const message =
      error instanceof DuplicateEmailError
        ? "Someone already has that email address: choose them instead."
        : error.message;
    return json<{ fieldErrors: FieldErrors; values?: Record<string, string> }>(
      { fieldErrors: { [field]: message }, values: parsed.values },
      { status: 400 },
    );
  }
}

export default function Succession() {
  const { organisation, gap, nominations, staff, workshops, held, canBookForStaff } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values ?? {};
  const staffOptions = [
    { value: "", label: "Choose a member" },
    ...staff.map((s) => ({ value: String(s.id), label: s.name })),
  ];
  return (
    <>
      <span className="caption">{organisation.name}</span>
      <h1>Champion succession</h1>
      <ErrorSummary errors={errors} />
      {gap ? (
        <p className="lead">
          <strong>No current Tier 1 champion for {gap.daysOpen} days</strong> (since {gap.openedAt}): {gap.reason}.
        </p>
      ) : (
        <p className="lead">{organisation.name} has a current Tier 1 champion.</p>
      )}
      {nominations.length > 0 ? (
        <section aria-labelledby="pending">
          <h2 id="pending">Waiting for you to confirm</h2>
          <ul>
            {nominations.map((n) => (
              <li key={n.id}>
                {n.championName} is moving on and has named <strong>{n.successorName}</strong>.
                <Form method="post" className="inline-form">
                  <input type="hidden" name="nominationId" value={n.id} />
                  <button className="button" name="intent" value="confirm">
                    Confirm {n.successorName}
                  </button>{" "}
                  <button className="button button--secondary" name="intent" value="decline">
                    Decline
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="nominate">
        <h2 id="nominate">Nominate a successor</h2>
        <p>
          They are set on the Tier 1 pathway, emailed what it involves, and offered a place held for them at the next
          Tier 1 workshop until booking closes.
        </p>
        <Form method="post">
          <SelectField
            name="memberId"
            label="A member of your organisation"
            options={staffOptions}
            defaultValue={values.intent === "nominate" ? values.memberId : undefined}
            error={values.intent === "nominate" ? errors?.memberId : undefined}
          />
          <button className="button" name="intent" value="nominate">
            Nominate
          </button>
        </Form>
        <h3>Or invite someone new</h3>
        <Form method="post">
          <TextField name="name" label="Name" defaultValue={values.name} error={errors?.name} autoComplete="off" />
          <TextField
            name="email"
            label="Email address"
            type="email"
            defaultValue={values.email}
            error={errors?.email}
            autoComplete="off"
          />
          <TextField
            name="jobTitle"
            label="Job title (optional)"
            defaultValue={values.jobTitle}
            error={errors?.jobTitle}
          />
          <button className="button" name="intent" value="invite">
            Invite and nominate
          </button>
        </Form>
      </section>
      {canBookForStaff ? (
        <section aria-labelledby="places">
          <h2 id="places">Hold or book a workshop place for a colleague</h2>
          <p>They are emailed, and can cancel or let a held place go.</p>
          <Form method="post">
            <SelectField
              name="memberId"
              id="place-member"
              label="Colleague"
              options={staffOptions}
              defaultValue={values.intent === "hold" || values.intent === "book" ? values.memberId : undefined}
              error={values.intent === "hold" || values.intent === "book" ? errors?.memberId : undefined}
            />
            <SelectField
              name="workshopId"
              label="Workshop"
              options={[
                { value: "", label: "Choose a workshop" },
                ...workshops.map((w) => ({ value: String(w.id), label: w.label })),
              ]}
              defaultValue={values.workshopId}
              error={errors?.workshopId}
            />
            <button className="button" name="intent" value="hold">
              Hold a place
            </button>{" "}
            <button className="button button--secondary" name="intent" value="book">
              Book the place
            </button>
          </Form>
          {held.length > 0 ? (
            <TableRegion label="Places held for your colleagues">
              <table className="table">
                <caption>Places held for your colleagues</caption>
                <thead>
                  <tr>
                    <th scope="col">Colleague</th>
                    <th scope="col">Workshop</th>
                    <th scope="col">Held until</th>
                  </tr>
                </thead>
                <tbody>
                  {held.map((h) => (
                    <tr key={`${h.workshopId}-${h.memberId}`}>
                      <td>{h.name}</td>
                      <td>{h.title}</td>
                      <td>{h.heldUntil}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          ) : null}
        </section>
      ) : null}
      <p>
        <Link to={`/organisations/${organisation.slug}`}>Back to {organisation.name}</Link>
      </p>
    </>
  );
}
