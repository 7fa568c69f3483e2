import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { BARRIER_FREQUENCY_LABELS, BARRIER_STATUS_LABELS, BARRIER_STATUSES } from "~drizzle/schema/barriers";
import { ErrorSummary } from "~/components/error-summary";
import { SelectField, TextArea } from "~/components/ui/field";
import { Radios } from "~/components/ui/radios";
import { formatDate, formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { notFound, requirePermission } from "~/lib/guards.server";
import { can } from "~/lib/permissions";
import { getBarrier, listTriageChoices, supportBarrier, triageBarrier } from "~/models/barrier.server";
import { triageSchema } from "~/validation/barrier";
import { idParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.barrier.title ?? "System barrier"} – System barriers – Champions Network` },
];

const NOT_FOUND = "We could not find that barrier. It may have been mistyped: see the list of system barriers.";

function barrierId(value: string | undefined) {
  const id = idParam.safeParse(value);
  if (!id.success) throw notFound(NOT_FOUND);
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, "raise:barrier", "self");
  const barrier = getBarrier({ id: barrierId(params.barrierId), memberId: member.id });
  if (!barrier) throw notFound(NOT_FOUND);
  const canManage = can(member, "manage:barrier", "everywhere");
  const choices = canManage ? listTriageChoices() : null;
  return json({
    canManage,
    barrier: {
      id: barrier.id,
      title: barrier.title,
      whatHappened: barrier.whatHappened,
      whereItHappens: barrier.whereItHappens,
      frequency: BARRIER_FREQUENCY_LABELS[barrier.frequency],
      status: barrier.status,
      statusLabel: BARRIER_STATUS_LABELS[barrier.status],
      raised: formatDate(barrier.createdAt),
      raisedBy: canManage || barrier.raisedByMe ? barrier.raisedByName : null,
      raisedByOrganisation: barrier.raisedByOrganisation,
      raisedByMe: barrier.raisedByMe,
      supporters: barrier.supporters,
      supportedByMe: barrier.supportedByMe,
      organisations: barrier.organisations.map((o) => o.name),
      districts: barrier.districts.map((d) => d.name),
      workshop: barrier.workshop
        ? { title: barrier.workshop.title, date: formatDate(barrier.workshop.startsAt) }
        : null,
      workshopId: barrier.workshopId,
      remedy: barrier.remedy,
      updates: barrier.updates.map((u) => ({
        id: u.id,
        from: BARRIER_STATUS_LABELS[u.fromStatus],
        to: BARRIER_STATUS_LABELS[u.toStatus],
        changed: u.fromStatus !== u.toStatus,
        note: u.note,
        by: u.by,
        when: formatDateTime(u.createdAt),
      })),
    },
    choices: choices && {
      workshops: choices.workshops.map((w) => ({
        value: String(w.id),
        label: `${w.title} (${formatDate(w.startsAt)})`,
      })),
      toolkitCards: choices.toolkitCards.map((c) => ({ value: String(c.id), label: c.title })),
    },
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requirePermission(request, "raise:barrier", "self");
  const id = barrierId(params.barrierId);
  const form = await request.formData();
  if (form.get("intent") === "support") {
    const outcome = supportBarrier({ barrierId: id, memberId: member.id });
    if (outcome === "not-found") throw notFound(NOT_FOUND);
    const message = {
      added: "Thank you: you have said this happens to you too.",
      already: "You have already said this happens to you too.",
      "raised-it": "You raised this barrier, so it already counts for you.",
    }[outcome];
    return redirectWithFlash(`/barriers/${id}`, message);
  }
  if (form.get("intent") === "triage") {
    await requirePermission(request, "manage:barrier", "everywhere");
    const parsed = parseForm(triageSchema, form);
    if (!parsed.success)
      return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
    const result = triageBarrier({ barrierId: id, actorId: member.id, input: parsed.data });
    if (result.outcome === "not-found") throw notFound(NOT_FOUND);
    if (result.outcome === "invalid")
      return json<ActionData>(
        { fieldErrors: { [result.field]: result.message }, values: parsed.values },
        { status: 400 },
      );
    const told =
      result.emailed === 0
        ? ""
        : ` ${result.emailed} ${result.emailed === 1 ? "person is" : "people are"} being emailed about it.`;
    return redirectWithFlash(`/barriers/${id}`, `The barrier has been updated.${told}`);
  }
  throw new Response("Choose what to do: say it happens to you too, or update the barrier.", { status: 400 });
}

/** Text kept as it was typed, one paragraph per line. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line, i) => (
          <p key={i}>{line}</p>
        ))}
    </>
  );
}

export default function Barrier() {
  const { barrier, canManage, choices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  const values = actionData?.values;
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/barriers">Back to system barriers</Link>
      </p>
      <h1>{barrier.title}</h1>
      <p>
        <strong className="tag tag--yellow">{barrier.statusLabel}</strong>
      </p>
      <dl className="summary-list">
        <div>
          <dt>What happened</dt>
          <dd>
            <Paragraphs text={barrier.whatHappened} />
          </dd>
        </div>
        <div>
          <dt>Where it happens</dt>
          <dd>{barrier.whereItHappens}</dd>
        </div>
        <div>
          <dt>How often</dt>
          <dd>{barrier.frequency}</dd>
        </div>
        <div>
          <dt>Organisations involved</dt>
          <dd>{barrier.organisations.join(", ") || "None named"}</dd>
        </div>
        <div>
          <dt>Districts</dt>
          <dd>{barrier.districts.join(", ") || "Countywide"}</dd>
        </div>
        <div>
          <dt>Raised</dt>
          <dd>
            {barrier.raised}
            {barrier.raisedBy ? ` by ${barrier.raisedBy}` : " by a member"}
            {barrier.raisedByOrganisation ? ` (${barrier.raisedByOrganisation})` : ""}
          </dd>
        </div>
        <div>
          <dt>Happens to them too</dt>
          <dd>
            {barrier.supporters} {barrier.supporters === 1 ? "member" : "members"}
          </dd>
        </div>
        <div>
          <dt>Discussed at</dt>
          <dd>{barrier.workshop ? `${barrier.workshop.title} (${barrier.workshop.date})` : "Not yet discussed"}</dd>
        </div>
        <div>
          <dt>Remedy</dt>
          <dd>
            {barrier.remedy ? (
              <Link to={`/toolkit/${barrier.remedy.slug}`}>{barrier.remedy.title}</Link>
            ) : (
              "No remedy recorded yet"
            )}
          </dd>
        </div>
      </dl>
      {barrier.raisedByMe ? (
        <p>You raised this barrier. You will be emailed when it changes.</p>
      ) : barrier.supportedByMe ? (
        <p>You have said this happens to you too. You will be emailed when it changes.</p>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="support" />
          <button type="submit" className="button button--secondary">
            This happens to us too
          </button>
        </Form>
      )}
      <h2>History</h2>
      {barrier.updates.length === 0 ? (
        <p>The coordinator has not updated this barrier yet.</p>
      ) : (
        <ol className="card-list">
          {barrier.updates.map((update) => (
            <li key={update.id}>
              <p>
                <strong>{update.changed ? `${update.from} to ${update.to}` : `Update (${update.to})`}</strong>,{" "}
                {update.when}, by {update.by}
              </p>
              <Paragraphs text={update.note} />
            </li>
          ))}
        </ol>
      )}
      {canManage && choices ? (
        <section aria-labelledby="triage-heading">
          <h2 id="triage-heading">Triage</h2>
          <p>
            The person who raised it and everyone who said it happens to them too are emailed when the status changes or
            you add a note.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="triage" />
            <Radios
              name="status"
              legend="Status"
              options={BARRIER_STATUSES.map((s) => ({ value: s, label: BARRIER_STATUS_LABELS[s] }))}
              defaultValue={values?.status ?? barrier.status}
              error={errors?.status}
            />
            <TextArea
              name="note"
              label="Note for the people who raised and supported it (optional)"
              hint="What is being done, or why. No personal data."
              rows={4}
              defaultValue={values?.note}
              error={errors?.note}
              maxLength={2000}
            />
            <SelectField
              name="workshopId"
              label="Workshop where it was discussed"
              defaultValue={values?.workshopId ?? (barrier.workshopId ? String(barrier.workshopId) : "")}
              options={[{ value: "", label: "None" }, ...choices.workshops]}
              error={errors?.workshopId}
            />
            <SelectField
              name="toolkitCardId"
              label="Toolkit card that records the remedy"
              defaultValue={values?.toolkitCardId ?? (barrier.remedy ? String(barrier.remedy.id) : "")}
              options={[{ value: "", label: "None" }, ...choices.toolkitCards]}
              error={errors?.toolkitCardId}
            />
            <button type="submit" className="button">
              Save
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
