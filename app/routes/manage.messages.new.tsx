import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { Radios } from "~/components/ui/radios";
import { SelectField, TextArea, TextField } from "~/components/ui/field";
import { formatDate } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseForm, type FieldErrors, type FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import { TIER_LABELS } from "~drizzle/schema/constants";
import {
  countAudience,
  describeAudience,
  firstRecipient,
  listAudienceChoices,
  sendMessage,
  writeMessage,
} from "~/models/message.server";
import { messageSchema } from "~/validation/message";

export const meta: MetaFunction = () => [{ title: "Write a message – Champions Network" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "send:message", "everywhere");
  const choices = listAudienceChoices();
  return json({
    organisations: choices.organisations.map((o) => ({ value: String(o.id), label: o.name })),
    districts: choices.districts.map((d) => ({ value: d.id, label: d.name })),
    workshops: choices.workshops.map((w) => ({ value: String(w.id), label: `${w.title}, ${formatDate(w.startsAt)}` })),
  });
}

type ActionData = {
  values: FormValues;
  errors?: FieldErrors;
  preview?: {
    audience: string;
    recipients: number;
    optedOut: number;
    total: number;
    changed: boolean;
    email: { subject: string; body: string } | null;
  };
};

function people(n: number) {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? "person" : "people"}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const sender = await requirePermission(request, "send:message", "everywhere");
  const formData = await request.formData();
  const intent = formData.get("intent") === "send" ? "send" : "preview";
  const parsed = parseForm(messageSchema, formData);
  if (!parsed.success) return json<ActionData>({ errors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const audience = describeAudience(input);
  if (!audience) {
    const field = { organisation: "organisationId", district: "districtId", workshop: "workshopId" }[
      input.audience as "organisation"
    ];
    return json<ActionData>(
      { errors: { [field ?? "audience"]: "Select one from the list" }, values: parsed.values },
      { status: 400 },
    );
  }
  const counts = countAudience({ choice: input });
  const expected = Number(formData.get("expectedRecipients"));
  // Sent only as previewed: if the audience changed since, the preview is shown again with the new count.
  if (intent === "send" && expected === counts.recipients && counts.recipients > 0) {
    const { id, queued } = sendMessage({ input, sender });
    return redirectWithFlash(`/manage/messages/${id}`, `Message queued for ${people(queued)}.`);
  }
  const first = firstRecipient({ choice: input });
  return json<ActionData>({
    values: parsed.values,
    preview: {
      audience,
      ...counts,
      changed: intent === "send",
      email: first
        ? writeMessage({
            memberId: first.id,
            name: first.name,
            subject: input.subject,
            body: input.body,
            senderName: sender.name,
          })
        : null,
    },
  });
}

const AUDIENCES = [
  { value: "everyone", label: "Everyone in the network" },
  { value: "tier", label: "Members of one tier" },
  { value: "lapsed", label: "Lapsed Tier 1 champions" },
  { value: "at-risk", label: "Tier 1 champions at risk of lapsing" },
  { value: "org-leads", label: "Organisation leads" },
  { value: "organisation", label: "One organisation" },
  { value: "district", label: "One district" },
  { value: "workshop", label: "People booked on a workshop" },
];

export default function NewMessage() {
  const { organisations, districts, workshops } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const values = data?.values ?? {};
  const errors = data?.errors;
  const preview = data?.preview;
  return (
    <>
      <span className="caption">Coordinator</span>
      <h1>Write a message</h1>
      <ErrorSummary errors={errors} />
      {preview ? (
        <section aria-labelledby="preview-title" className="notification">
          <h2 id="preview-title" className="notification__title">
            Check before sending
          </h2>
          {preview.changed ? (
            <p>
              <strong>Who is in the audience has changed since your preview.</strong> Check the new count.
            </p>
          ) : null}
          <p id="recipient-count">
            To {preview.audience}: <strong>{people(preview.recipients)}</strong>
            {preview.optedOut > 0
              ? `; ${preview.optedOut.toLocaleString("en-GB")} ${preview.optedOut === 1 ? "has" : "have"} turned off messages`
              : ""}
            .
          </p>
          {preview.email ? (
            <>
              <p>This is the email the first of them will receive:</p>
              <div className="email-preview">
                <p>
                  <strong>Subject:</strong> {preview.email.subject}
                </p>
                <pre className="email">{preview.email.body}</pre>
              </div>
              <Form method="post">
                {Object.entries(values)
                  .filter(([name]) => name !== "intent" && name !== "expectedRecipients")
                  .map(([name, value]) => (
                    <input key={name} type="hidden" name={name} value={value} />
                  ))}
                <input type="hidden" name="expectedRecipients" value={preview.recipients} />
                <button type="submit" name="intent" value="send" className="button">
                  Send to {people(preview.recipients)}
                </button>
              </Form>
            </>
          ) : (
            <p>Nobody in this audience would receive it. Choose another audience.</p>
          )}
          <p>Or change the message below and preview it again.</p>
        </section>
      ) : null}
      <Form method="post" noValidate>
        <TextField
          name="subject"
          label="Subject"
          defaultValue={values.subject}
          error={errors?.subject}
          maxLength={150}
        />
        <TextArea
          name="body"
          label="Message"
          hint="Plain text. Links can be written as [words](https://…); lists start with a dash."
          defaultValue={values.body}
          error={errors?.body}
          rows={10}
        />
        <Radios
          name="audience"
          legend="Who is it for?"
          hint="Only active members who have not turned off messages from the coordinator receive it."
          options={AUDIENCES}
          defaultValue={values.audience}
          error={errors?.audience}
        />
        <SelectField
          name="tier"
          label="Tier (for members of one tier)"
          options={[
            { value: "", label: "Choose a tier" },
            ...[1, 2, 3].map((t) => ({ value: String(t), label: TIER_LABELS[t as 1] })),
          ]}
          defaultValue={values.tier}
          error={errors?.tier}
        />
        <SelectField
          name="organisationId"
          label="Organisation (for one organisation)"
          options={[{ value: "", label: "Choose an organisation" }, ...organisations]}
          defaultValue={values.organisationId}
          error={errors?.organisationId}
        />
        <SelectField
          name="districtId"
          label="District (for one district)"
          options={[{ value: "", label: "Choose a district" }, ...districts]}
          defaultValue={values.districtId}
          error={errors?.districtId}
        />
        <SelectField
          name="workshopId"
          label="Workshop (for people booked on it)"
          options={[{ value: "", label: "Choose a workshop" }, ...workshops]}
          defaultValue={values.workshopId}
          error={errors?.workshopId}
        />
        <button type="submit" name="intent" value="preview" className="button">
          Preview and count recipients
        </button>
      </Form>
      <p>
        <Link to="/manage/messages">Sent messages</Link>
      </p>
    </>
  );
}
