import {
  json,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/error-summary";
import { redirectWithFlash } from "~/lib/flash.server";
import { notFound } from "~/lib/guards.server";
import { requireCardEditor } from "~/lib/toolkit/card-access.server";
import {
  ATTACHMENT_EXTENSIONS,
  ATTACHMENT_TOO_LARGE,
  AttachmentError,
  MAX_ATTACHMENT_BYTES,
  readAttachmentUpload,
} from "~/lib/toolkit/files.server";
import { withAudit } from "~/models/audit.server";
import { addAttachment, getCardDetails, removeAttachment } from "~/models/toolkit.server";
import { idParam } from "~/validation/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Files for ${data?.title ?? "a toolkit card"} – Champions Network` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { card } = await requireCardEditor(request, params.slug);
  return json({
    slug: card.slug,
    title: card.title,
    attachments: getCardDetails({ card }).attachments,
    accept: ATTACHMENT_EXTENSIONS.join(","),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { member, card } = await requireCardEditor(request, params.slug);
  const back = `/toolkit/${card.slug}/attachments`;
  const isUpload = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  if (isUpload) {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES }),
      );
    } catch (error) {
      const message =
        error instanceof MaxPartSizeExceededError
          ? ATTACHMENT_TOO_LARGE
          : /content-disposition/i.test(String(error))
            ? "The file's name could not be read. Rename it with letters, numbers and spaces, and upload it again."
            : "The file did not arrive whole. Select it and upload it again.";
      return json({ fieldErrors: { file: message } }, { status: 400 });
    }
    let file: Awaited<ReturnType<typeof readAttachmentUpload>>;
    try {
      file = await readAttachmentUpload(form.get("file"));
    } catch (error) {
      if (!(error instanceof AttachmentError)) throw error;
      return json({ fieldErrors: { file: error.message } }, { status: 400 });
    }
    const saved = withAudit(
      (tx) => addAttachment({ cardId: card.id, file, uploadedById: member.id }, tx),
      (added) => ({
        actorId: member.id,
        action: "toolkit.file-added",
        entityType: "toolkit-card",
        entityId: card.id,
        summary: `Added the file “${added.fileName}” to “${card.title}”`,
        after: { attachmentId: added.id, fileName: added.fileName, kind: file.kind, size: file.data.length },
      }),
    );
    return redirectWithFlash(back, `“${saved.fileName}” has been added to the card.`);
  }
  const form = await request.formData();
  const attachmentId = idParam.safeParse(form.get("attachmentId"));
  if (form.get("intent") !== "remove" || !attachmentId.success) throw notFound("We could not find that file.");
  const removed = withAudit(
    (tx) => removeAttachment({ cardId: card.id, attachmentId: attachmentId.data }, tx),
    (gone) =>
      gone
        ? {
            actorId: member.id,
            action: "toolkit.file-removed",
            entityType: "toolkit-card",
            entityId: card.id,
            summary: `Removed the file “${gone.fileName}” from “${card.title}”`,
          }
        : null,
  );
  if (!removed) throw notFound("We could not find that file: it may already have been removed.");
  return redirectWithFlash(back, `“${removed.fileName}” has been removed.`);
}

export default function ToolkitCardFiles() {
  const { slug, title, attachments, accept } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.fieldErrors.file;
  return (
    <>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <p>
        <Link to={`/toolkit/${slug}`}>Back to the card</Link>
      </p>
      <span className="caption">Toolkit</span>
      <h1>Files for {title}</h1>
      {attachments.length === 0 ? <p>The card has no files yet.</p> : null}
      <ul className="card-list">
        {attachments.map((file) => (
          <li key={file.id}>
            <a href={`/toolkit/${slug}/attachments/${file.id}`} download>
              {file.fileName}
            </a>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="attachmentId" value={file.id} />
              <button type="submit" className="button button--secondary">
                Remove <span className="visually-hidden">{file.fileName}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <h2>Add a file</h2>
      <Form method="post" encType="multipart/form-data" noValidate>
        <div className={`form-group${error ? " form-group--error" : ""}`}>
          <label className="label" htmlFor="file">
            File
          </label>
          <div id="file-hint" className="hint">
            A PDF, a Word document (.docx or .doc), a spreadsheet (.xlsx, .xls, .ods or .csv) or an OpenDocument text
            file (.odt), up to 5 MB. Readers download it; it never opens in the browser.
          </div>
          {error ? (
            <p id="file-error" className="error-message">
              <span className="visually-hidden">Error:</span> {error}
            </p>
          ) : null}
          <input
            className="input"
            id="file"
            name="file"
            type="file"
            accept={accept}
            aria-describedby={error ? "file-hint file-error" : "file-hint"}
            aria-invalid={error ? true : undefined}
          />
        </div>
        <button type="submit" className="button">
          Upload
        </button>
      </Form>
    </>
  );
}
