import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TOOLKIT_CARD_TYPE_LABELS, TOOLKIT_VISIBILITY_LABELS } from "~drizzle/schema/toolkit-constants";
import { ErrorSummary } from "~/components/error-summary";
import { TextArea } from "~/components/ui/field";
import { formatDate, formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { notFound, requireMember, requirePermission } from "~/lib/guards.server";
import { can } from "~/lib/permissions";
import { requireVisibleCard } from "~/lib/toolkit/card-access.server";
import { getSignedInMember } from "~/lib/session.server";
import { withAudit } from "~/models/audit.server";
import { flagCard, getCardDetails, listOpenFlags, resolveFlag, setCardArchived } from "~/models/toolkit.server";
import { idParam } from "~/validation/params";
import { toolkitFlagSchema } from "~/validation/toolkit";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.card.title ?? "Toolkit card"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await getSignedInMember(request);
  const card = requireVisibleCard(viewer, params.slug);
  const canEdit = can(viewer, "update:toolkit-card", { organisationId: null, memberId: card.ownerId });
  const details = getCardDetails({ card });
  return json({
    card: {
      slug: details.slug,
      title: details.title,
      type: details.type,
      visibility: details.visibility,
      html: details.html,
      sectors: details.sectors,
      districts: details.districts,
      circumstances: details.circumstances,
      reviewOn: details.reviewOn,
      overdue: details.overdue,
      archived: details.archivedAt !== null,
      currentVersion: details.currentVersion,
      updatedAt: details.updatedAt.toISOString(),
      owner: details.owner ? { name: details.owner.name } : null,
      attachments: details.attachments,
    },
    signedIn: Boolean(viewer),
    canEdit,
    canManage: can(viewer, "manage:toolkit", "everywhere"),
    flags: canEdit
      ? listOpenFlags({ cardId: card.id }).map((f) => ({ ...f, createdAt: f.createdAt.toISOString() }))
      : [],
  });
}

type ActionData = { fieldErrors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const member = await requireMember(request);
  const card = requireVisibleCard(member, params.slug);
  const form = await request.formData();
  const intent = form.get("intent");
  const back = `/toolkit/${card.slug}`;
  if (intent === "flag") {
    await requirePermission(request, "flag:toolkit-card", "self");
    const parsed = parseForm(toolkitFlagSchema, form);
    if (!parsed.success)
      return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
    withAudit(
      (tx) => flagCard({ cardId: card.id, raisedById: member.id, comment: parsed.data.comment }, tx),
      (flag) => ({
        actorId: member.id,
        action: "toolkit.flagged",
        entityType: "toolkit-card",
        entityId: card.id,
        summary: `Flagged “${card.title}” as out of date`,
        after: { flagId: flag.id, comment: parsed.data.comment },
      }),
    );
    return redirectWithFlash(back, "Thank you. The card's owner and the coordinator can see your comment.");
  }
  if (intent === "resolve-flag") {
    await requirePermission(request, "update:toolkit-card", { organisationId: null, memberId: card.ownerId });
    const flagId = idParam.safeParse(form.get("flagId"));
    if (!flagId.success) throw notFound("We could not find that flag.");
    const resolved = withAudit(
      (tx) => resolveFlag({ cardId: card.id, flagId: flagId.data, resolvedById: member.id }, tx),
      (done) =>
        done
          ? {
              actorId: member.id,
              action: "toolkit.flag-resolved",
              entityType: "toolkit-card",
              entityId: card.id,
              summary: `Resolved a flag on “${card.title}”`,
              after: { flagId: flagId.data },
            }
          : null,
    );
    if (!resolved) throw notFound("We could not find that flag: it may already have been resolved.");
    return redirectWithFlash(back, "The flag has been marked as resolved.");
  }
  if (intent === "archive" || intent === "unarchive") {
    await requirePermission(request, "manage:toolkit", "everywhere");
    const archived = intent === "archive";
    withAudit(
      (tx) => setCardArchived({ cardId: card.id, archived }, tx),
      () => ({
        actorId: member.id,
        action: archived ? "toolkit.archived" : "toolkit.unarchived",
        entityType: "toolkit-card",
        entityId: card.id,
        summary: `${archived ? "Archived" : "Brought back"} the toolkit card “${card.title}”`,
      }),
    );
    return archived
      ? redirectWithFlash("/toolkit", `“${card.title}” has been archived. Only staff can see it now.`)
      : redirectWithFlash(back, "The card is back in the toolkit.");
  }
  return redirect(back);
}

function kilobytes(size: number) {
  return size < 1024 * 1024 ? `${Math.max(1, Math.round(size / 1024))} KB` : `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export default function ToolkitCardPage() {
  const { card, signedIn, canEdit, canManage, flags } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors;
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/toolkit">Back to the toolkit</Link>
      </p>
      <span className="caption">{TOOLKIT_CARD_TYPE_LABELS[card.type]}</span>
      <h1>{card.title}</h1>
      {card.archived ? (
        <div className="notification">
          <h2 className="notification__title">This card is archived</h2>
          <p>Only staff can see it. It is not shown in the toolkit or the directory.</p>
        </div>
      ) : null}
      {card.overdue ? (
        <div className="notification">
          <h2 className="notification__title">This card may be out of date</h2>
          <p>
            It was due for review on {formatDate(card.reviewOn)}. Check anything important with the service before you
            rely on it.
          </p>
        </div>
      ) : null}
      <dl className="summary-list">
        <div>
          <dt>Districts</dt>
          <dd>{card.districts.length ? card.districts.map((d) => d.name).join(", ") : "County-wide"}</dd>
        </div>
        <div>
          <dt>Situations</dt>
          <dd>{card.circumstances.length ? card.circumstances.map((c) => c.label).join(", ") : "Any"}</dd>
        </div>
        {card.sectors.length ? (
          <div>
            <dt>Sectors</dt>
            <dd>{card.sectors.join(", ")}</dd>
          </div>
        ) : null}
        <div>
          <dt>Owner</dt>
          <dd>{card.owner?.name ?? "Nobody"}</dd>
        </div>
        <div>
          <dt>Review by</dt>
          <dd>{formatDate(card.reviewOn)}</dd>
        </div>
        <div>
          <dt>Who can see it</dt>
          <dd>{TOOLKIT_VISIBILITY_LABELS[card.visibility]}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            {card.currentVersion}, saved {formatDateTime(card.updatedAt)}
            {canEdit ? (
              <>
                {" "}
                (<Link to={`/toolkit/${card.slug}/history`}>history and changes</Link>)
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      <div className="prose" dangerouslySetInnerHTML={{ __html: card.html }} />
      {card.attachments.length ? (
        <section aria-labelledby="attachments">
          <h2 id="attachments">Files</h2>
          <ul>
            {card.attachments.map((file) => (
              <li key={file.id}>
                <a href={`/toolkit/${card.slug}/attachments/${file.id}`} download>
                  {file.fileName}
                </a>{" "}
                <span className="muted">
                  ({file.kind.toUpperCase()}, {kilobytes(file.size)})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {canEdit ? (
        <section aria-labelledby="keeping-current">
          <h2 id="keeping-current">Keeping it current</h2>
          <p>
            <Link to={`/toolkit/${card.slug}/edit`} className="button">
              Edit the card
            </Link>{" "}
            <Link to={`/toolkit/${card.slug}/attachments`}>Add or remove files</Link>
          </p>
          <h3>Flags from readers</h3>
          {flags.length === 0 ? <p>Nobody has flagged this card as out of date.</p> : null}
          <ul className="card-list">
            {flags.map((flag) => (
              <li key={flag.id}>
                <p>{flag.comment}</p>
                <p className="muted">
                  {flag.raisedBy ?? "A member"}, {formatDateTime(flag.createdAt)}
                </p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="resolve-flag" />
                  <input type="hidden" name="flagId" value={flag.id} />
                  <button type="submit" className="button button--secondary">
                    Mark as resolved
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {signedIn && !card.archived ? (
        <section aria-labelledby="flag">
          <h2 id="flag">Is something out of date?</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="flag" />
            <TextArea
              name="comment"
              label="What is out of date"
              hint="The owner and the coordinator will see this. Do not include anyone's personal details."
              rows={3}
              defaultValue={actionData?.values.comment ?? ""}
              error={errors?.comment}
              maxLength={1000}
            />
            <button type="submit" className="button button--secondary">
              Flag as out of date
            </button>
          </Form>
        </section>
      ) : null}
      {canManage ? (
        <Form method="post">
          <input type="hidden" name="intent" value={card.archived ? "unarchive" : "archive"} />
          <button type="submit" className="button button--warning">
            {card.archived ? "Bring the card back" : "Archive the card"}
          </button>
        </Form>
      ) : null}
    </>
  );
}
