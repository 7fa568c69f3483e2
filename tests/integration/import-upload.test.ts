/**
 * The members import says what is wrong with an uploaded file: each problem
 * its own message, a 400, and nothing written. The action is called with real
 * multipart bodies, as a browser sends them.
 */
import { describe, expect, it } from "vitest";
import { auditEvents, members, outbox } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { action } from "~/routes/members.import";
import { createTestMember, createTestOrganisation } from "../factories";
import { BASE, call, cookieFor } from "../request";

const MB = 1024 * 1024;
const GOOD_CSV = "Name,Email,Organisation\r\nKit Bramwell,kit@example.org,Crisis\r\n";

async function coordinatorCookie() {
  createTestOrganisation({ name: "Crisis", slug: "crisis" });
  const coordinator = await createTestMember({ role: "coordinator" });
  return cookieFor(coordinator.id);
}

/** A multipart body with one file part, built by hand so the bytes are exactly what a browser sends. */
function upload(cookie: string, file: { name: string; type?: string; bytes: Uint8Array | string }) {
  const boundary = "----champions-upload-test";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? "text/csv"}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), Buffer.from(file.bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return new Request(`${BASE}/members/import`, {
    method: "POST",
    headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
  });
}

function written() {
  const db = getDb();
  return {
    members: db.select().from(members).all().length,
    outbox: db.select().from(outbox).all().length,
    audit: db.select().from(auditEvents).all().length,
  };
}

async function refused(request: Request) {
  const before = written();
  const response = await call(action, request);
  expect(response.status).toBe(400);
  const data = (await response.json()) as { error?: string; rows?: unknown };
  expect(data.rows).toBeUndefined();
  expect(written()).toEqual(before);
  return data.error;
}

describe("uploading a members file", () => {
  it("reads a good CSV into a preview", async () => {
    const cookie = await coordinatorCookie();
    const response = await call(action, upload(cookie, { name: "members.csv", bytes: GOOD_CSV }));
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain("kit@example.org");
  });

  it("no file chosen", async () => {
    const cookie = await coordinatorCookie();
    // What a browser sends when the file input is left empty: a part with no name and no bytes.
    expect(await refused(upload(cookie, { name: "", type: "application/octet-stream", bytes: "" }))).toBe(
      "Select a CSV file to upload.",
    );
    const withoutPart = new Request(`${BASE}/members/import`, {
      method: "POST",
      headers: { Cookie: cookie },
      body: new FormData(),
    });
    expect(await refused(withoutPart)).toBe("Select a CSV file to upload.");
  });

  it("an empty file", async () => {
    const cookie = await coordinatorCookie();
    expect(await refused(upload(cookie, { name: "members.csv", bytes: "" }))).toBe("The selected file is empty.");
    expect(await refused(upload(cookie, { name: "members.csv", bytes: "\uFEFF\r\n\r\n" }))).toBe(
      "The selected file is empty.",
    );
    expect(await refused(upload(cookie, { name: "members.csv", bytes: "Name,Email,Organisation\r\n" }))).toBe(
      "The selected file has the column names but no members below them.",
    );
  });

  it("a file larger than 5 MB", async () => {
    const cookie = await coordinatorCookie();
    const big = GOOD_CSV + "x".repeat(5 * MB);
    expect(await refused(upload(cookie, { name: "members.csv", bytes: big }))).toBe(
      "The selected file is larger than 5 MB. Split it into smaller files and upload each one.",
    );
  });

  it("a file that is not a CSV: a workbook, a PDF, or anything not named .csv", async () => {
    const cookie = await coordinatorCookie();
    const notCsv =
      "The selected file must be a CSV file. In your spreadsheet, choose Save as, then CSV UTF-8 (comma delimited), and upload that file.";
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.from("[Content_Types].xml")]);
    expect(
      await refused(
        upload(cookie, {
          name: "members.xlsx",
          type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          bytes: xlsx,
        }),
      ),
    ).toBe(notCsv);
    // A workbook renamed to .csv is still a workbook.
    expect(await refused(upload(cookie, { name: "members.csv", bytes: xlsx }))).toBe(notCsv);
    expect(await refused(upload(cookie, { name: "members.pdf", type: "application/pdf", bytes: "%PDF-1.7\n" }))).toBe(
      notCsv,
    );
    expect(
      await refused(upload(cookie, { name: "members.docx", type: "application/octet-stream", bytes: GOOD_CSV })),
    ).toBe(notCsv);
  });

  it("a file not saved as UTF-8", async () => {
    const cookie = await coordinatorCookie();
    const notUtf8 =
      "The selected file must be saved as UTF-8. In your spreadsheet, choose Save as, then CSV UTF-8 (comma delimited), and upload that file.";
    // Excel's plain "CSV (comma delimited)" writes Windows-1252: é is the single byte 0xE9.
    const windows1252 = Buffer.from("Name,Email,Organisation\r\nRen\xe9e Holt,renee@example.org,Crisis\r\n", "latin1");
    expect(await refused(upload(cookie, { name: "members.csv", bytes: windows1252 }))).toBe(notUtf8);
    // Excel's "Unicode text" is UTF-16 with a byte-order mark.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_CSV, "utf16le")]);
    expect(await refused(upload(cookie, { name: "members.csv", bytes: utf16 }))).toBe(notUtf8);
  });

  it("a CSV that cannot be read", async () => {
    const cookie = await coordinatorCookie();
    expect(
      await refused(
        upload(cookie, {
          name: "members.csv",
          bytes: 'Name,Email,Organisation\r\n"Kit Bramwell,kit@example.org,Crisis\r\n',
        }),
      ),
    ).toBe(
      "The selected file could not be read as CSV: a quotation mark is opened but never closed, so everything after it would be one cell. Check it in your spreadsheet, save it as CSV again and upload it.",
    );
    expect(
      await refused(
        upload(cookie, {
          name: "members.csv",
          bytes: 'Name,Email,Organisation\r\n"Kit" Bramwell,kit@example.org,Crisis\r\n',
        }),
      ),
    ).toBe(
      "The selected file could not be read as CSV: a closing quotation mark on line 2 is followed by more text in the same cell. Check it in your spreadsheet, save it as CSV again and upload it.",
    );
  });

  it("an upload that did not arrive whole", async () => {
    const cookie = await coordinatorCookie();
    const boundary = "----champions-upload-test";
    const truncated = new Request(`${BASE}/members/import`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.csv"\r\nContent-Type: text/csv\r\n\r\nName,Email`,
    });
    expect(await refused(truncated)).toBe("The file did not arrive whole. Select it and upload it again.");
  });
});
