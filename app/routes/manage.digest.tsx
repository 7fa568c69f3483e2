import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { TextArea, TextField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { withAudit } from "~/models/audit.server";
import {
  DigestStartedError,
  getDigestRun,
  getDigestSettings,
  listDigestRuns,
  monthLabel,
  nextDigestDate,
  pickDigestExamples,
  saveDigestDay,
  saveDigestParagraph,
  writeDigest,
} from "~/models/digest.server";
import { queueEmail } from "~/models/outbox.server";
import { digestDaySchema, digestParagraphSchema } from "~/validation/message";

export const meta: MetaFunction = () => [{ title: "Monthly digest – Champions Network" }];

function examplesFor(month: string, paragraph: string) {
  return pickDigestExamples().map((example) => ({
    label: example.label,
    email: writeDigest({ facts: example.facts, month, paragraph }),
  }));
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:digest", "everywhere");
  const next = nextDigestDate();
  const paragraph = getDigestRun({ month: next.month })?.paragraph ?? "";
  return json({
    next: { month: next.month, label: next.label, monthLabel: monthLabel(next.month) },
    dayOfMonth: getDigestSettings()?.dayOfMonth ?? null,
    paragraph,
    examples: examplesFor(next.month, paragraph),
    runs: listDigestRuns().map((r) => ({
      month: monthLabel(r.month),
      status: r.status,
      queued: r.queued,
      finished: r.finishedAt ? formatDateTime(r.finishedAt) : null,
    })),
  });
}

type ActionData = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const coordinator = await requirePermission(request, "manage:digest", "everywhere");
  const formData = await request.formData();
  const intent = formData.get("intent");
  const { month } = nextDigestDate();
  if (intent === "day") {
    const parsed = parseForm(digestDaySchema, formData);
    if (!parsed.success)
      return json<ActionData>({ errors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
    const before = getDigestSettings()?.dayOfMonth ?? null;
    withAudit(
      (tx) => saveDigestDay({ dayOfMonth: parsed.data.dayOfMonth, actorId: coordinator.id }, tx),
      () => ({
        actorId: coordinator.id,
        action: "digest.day-changed",
        entityType: "digest",
        summary: `Set the monthly digest's day to ${parsed.data.dayOfMonth}`,
        before: { dayOfMonth: before },
        after: parsed.data,
      }),
    );
    return redirectWithFlash(
      "/manage/digest",
      `The digest now goes out on day ${parsed.data.dayOfMonth} of each month.`,
    );
  }
  if (intent === "paragraph") {
    const parsed = parseForm(digestParagraphSchema, formData);
    if (!parsed.success)
      return json<ActionData>({ errors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
    try {
      withAudit(
        (tx) => saveDigestParagraph({ month, paragraph: parsed.data.paragraph, actorId: coordinator.id }, tx),
        (before) => ({
          actorId: coordinator.id,
          action: "digest.paragraph-saved",
          entityType: "digest",
          entityId: month,
          summary: `Wrote the paragraph for ${monthLabel(month)}'s digest`,
          before: { paragraph: before },
          after: parsed.data,
        }),
      );
    } catch (error) {
      if (!(error instanceof DigestStartedError)) throw error;
      return json<ActionData>({ errors: { paragraph: error.message }, values: parsed.values }, { status: 400 });
    }
    return redirectWithFlash("/manage/digest", `Paragraph saved for ${monthLabel(month)}. Check the previews below.`);
  }
  if (intent === "test") {
    const paragraph = getDigestRun({ month })?.paragraph ?? "";
    const now = new Date();
    const examples = examplesFor(month, paragraph);
    withAudit(
      (tx) => {
        for (const [i, example] of examples.entries())
          queueEmail(
            {
              dedupeKey: `digest-test:${month}:${coordinator.id}:${now.getTime()}:${i}`,
              memberId: coordinator.id,
              to: coordinator.email,
              subject: `[Test: ${example.label}] ${example.email.subject}`,
              body: example.email.body,
              kind: "digest-test",
              now,
            },
            tx,
          );
      },
      () => ({
        actorId: coordinator.id,
        action: "digest.test-sent",
        entityType: "digest",
        entityId: month,
        summary: `Sent a test of ${monthLabel(month)}'s digest to themselves`,
      }),
    );
    return redirectWithFlash(
      "/manage/digest",
      `Test sent to ${coordinator.email}: ${examples.length} emails, one for each example member.`,
    );
  }
  return json<ActionData>({ errors: { form: "Choose what to do." }, values: {} }, { status: 400 });
}

export default function Digest() {
  const { next, dayOfMonth, paragraph, examples, runs } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors = data?.errors;
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Monthly digest</h1>
      <ErrorSummary errors={errors} />
      <p className="lead">
        Every active member with the digest on gets one email a month: their Tier 1 currency, learning expiring soon,
        whether their directory entry needs confirming, the next workshops open to them and topics now scheduled.
        Organisation leads also get their organisation&apos;s line of the network health page.
      </p>
      {next.label ? (
        <p>
          The next digest, for {next.monthLabel}, goes out on <strong>{next.label}</strong> (or up to two days later if
          the server was down that day).
        </p>
      ) : (
        <p>
          <strong>The digest is off</strong> until you choose the day of the month it goes out.
        </p>
      )}
      <Form method="post" noValidate>
        <TextField
          name="dayOfMonth"
          label="Day of the month it goes out (1 to 28)"
          defaultValue={data?.values.dayOfMonth ?? (dayOfMonth === null ? "" : String(dayOfMonth))}
          error={errors?.dayOfMonth}
          inputMode="numeric"
          width="short"
        />
        <button type="submit" name="intent" value="day" className="button button--secondary">
          Save the day
        </button>
      </Form>
      <h2>Your paragraph for {next.monthLabel}</h2>
      <Form method="post" noValidate>
        <TextArea
          name="paragraph"
          label="A short paragraph at the top of everyone's digest (optional)"
          hint="Plain text. Links can be written as [words](https://…). It is sent as text."
          defaultValue={data?.values.paragraph ?? paragraph}
          error={errors?.paragraph}
          rows={5}
        />
        <button type="submit" name="intent" value="paragraph" className="button">
          Save the paragraph
        </button>
      </Form>
      <h2>Preview</h2>
      <p>As three members would receive it this month.</p>
      {examples.length === 0 ? <p>There are no members to preview it for yet.</p> : null}
      {examples.map((example) => (
        <section key={example.label} className="email-preview" aria-label={example.label}>
          <h3>{example.label}</h3>
          <p>
            <strong>Subject:</strong> {example.email.subject}
          </p>
          <pre className="email">{example.email.body}</pre>
        </section>
      ))}
      <Form method="post">
        <button type="submit" name="intent" value="test" className="button button--secondary">
          Send these to me as a test
        </button>
      </Form>
      <h2>Digests sent</h2>
      {runs.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul>
          {runs.map((r) => (
            <li key={r.month}>
              {r.month}: {r.queued.toLocaleString("en-GB")} queued
              {r.status === "done" ? `, finished ${r.finished}` : " so far (still queuing)"}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
