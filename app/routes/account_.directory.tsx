import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContactFields, contactValuesFromForm } from "~/components/contact-fields";
import { ErrorSummary } from "~/components/error-summary";
import { contactFormChoices, contactFormValues, parseContactForm } from "~/lib/contact-forms.server";
import { formatDate } from "~/lib/dates";
import { redirectWithFlash } from "~/lib/flash.server";
import type { FieldErrors, FormValues } from "~/lib/forms";
import { requirePermission } from "~/lib/guards.server";
import {
  confirmContact,
  findContactIdForMember,
  getContactRecord,
  isStale,
  updateContact,
} from "~/models/contact.server";
import { contactDetailsSchema } from "~/validation/contact";

export const meta: MetaFunction = () => [{ title: "My directory entry – Champions Network" }];

async function myContact(request: Request) {
  const member = await requirePermission(request, "update:contact", "self");
  const contactId = findContactIdForMember({ memberId: member.id });
  return { member, record: contactId ? getContactRecord({ contactId })! : null };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { record } = await myContact(request);
  return json({
    record: record
      ? {
          id: record.id,
          ...contactFormValues(record),
          confirmed: formatDate(record.lastConfirmedAt),
          stale: isStale({ lastConfirmedAt: record.lastConfirmedAt }),
        }
      : null,
    ...contactFormChoices(),
  });
}

type ActionData = {
  fieldErrors: FieldErrors;
  values: FormValues;
  lists: { districtIds: string[]; specialismIds: string[] };
};

export async function action({ request }: ActionFunctionArgs) {
  const { record } = await myContact(request);
  if (!record) throw new Response("You are not in the directory.", { status: 404 });
  const form = await request.formData();
  if (form.get("intent") === "confirm") {
    confirmContact({ contactId: record.id });
    return redirectWithFlash("/account/directory", "Thank you: your details are confirmed for another six months.");
  }
  const parsed = parseContactForm(contactDetailsSchema, form);
  if (!parsed.ok)
    return json<ActionData>(
      { fieldErrors: parsed.fieldErrors, values: parsed.values, lists: parsed.lists },
      { status: 400 },
    );
  updateContact({ contactId: record.id, details: { ...parsed.data, isGoTo: record.isGoTo } });
  return redirectWithFlash("/account/directory", "Your directory entry has been saved.");
}

export default function MyDirectoryEntry() {
  const { record, districts, specialisms } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  if (!record) {
    return (
      <>
        <h1>My directory entry</h1>
        <p>
          You are not in the directory of housing contacts. Your organisation lead or the network coordinator adds go-to
          contacts and champions.
        </p>
        <p>
          <Link to="/directory">Search the directory</Link>
        </p>
      </>
    );
  }
  const values = actionData ? contactValuesFromForm(actionData.values, actionData.lists) : record;
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <h1>My directory entry</h1>
      <p>
        Your details were last confirmed on {record.confirmed}.{" "}
        {record.stale ? <strong className="tag tag--red">Please confirm they are still right</strong> : null}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="confirm" />
        <button type="submit" className="button button--secondary">
          My details are still right
        </button>
      </Form>
      <p>
        <Link to={`/directory/contacts/${record.id}`}>See my entry as others see it</Link>
      </p>
      <h2>Change my details</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        <ContactFields
          values={values}
          errors={actionData?.fieldErrors}
          districts={districts}
          specialisms={specialisms}
          managed={false}
        />
        <button type="submit" className="button">
          Save my entry
        </button>
      </Form>
    </>
  );
}
