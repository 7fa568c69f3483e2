import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { outbox } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { createMailer } from "~/lib/email/mailer.server";
import { deliverOutbox } from "~/lib/jobs.server";
import { queueEmail } from "~/models/outbox.server";

type Received = { to: string[]; data: string };

let server: SMTPServer | undefined;

/** A real SMTP server on a loopback port; `failFirst` rejects that many messages first. */
async function startSmtp(failFirst = 0) {
  const received: Received[] = [];
  let failures = failFirst;
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
      stream.on("end", () => {
        if (failures > 0) {
          failures -= 1;
          const error = new Error("Mailbox temporarily unavailable") as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { received, url: `smtp://127.0.0.1:${port}` };
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function queue(key: string) {
  queueEmail({ dedupeKey: key, memberId: null, to: "nurse@example.org", subject: "Booking confirmed: Tier 1 workshop", body: "Dear Sam,\n\nYour place is booked.", kind: "booked" });
}

describe("email through SMTP", () => {
  it("delivers each queued email once, however often the sender runs", async () => {
    const { received, url } = await startSmtp();
    const mailer = createMailer(url)!;
    queue("booked:1:1");
    queue("booked:1:1"); // the same email queued twice is one email
    queue("booked:2:1");
    expect((await deliverOutbox(mailer)).sent).toBe(2);
    expect((await deliverOutbox(mailer)).sent).toBe(0);
    expect(received).toHaveLength(2);
    expect(received[0].to).toEqual(["nurse@example.org"]);
    expect(received[0].data).toContain("Subject: Booking confirmed: Tier 1 workshop");
    expect(received[0].data).toContain("Your place is booked.");
    expect(getDb().select().from(outbox).all().map((e) => e.status)).toEqual(["sent", "sent"]);
  });

  it("retries a failed send later, then delivers it", async () => {
    const { received, url } = await startSmtp(1);
    const mailer = createMailer(url)!;
    queue("reminder:1:1");
    const first = await deliverOutbox(mailer);
    expect(first).toEqual({ sent: 0, failed: 1 });
    const [afterFailure] = getDb().select().from(outbox).all();
    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1 });
    expect(afterFailure.lastError).toMatch(/temporarily unavailable/);
    // Not due yet: the back-off holds it.
    expect((await deliverOutbox(mailer)).sent).toBe(0);
    const later = new Date(afterFailure.nextAttemptAt.getTime() + 1);
    expect((await deliverOutbox(mailer, later)).sent).toBe(1);
    expect(received).toHaveLength(1);
    expect(getDb().select().from(outbox).where(eq(outbox.id, afterFailure.id)).get()?.status).toBe("sent");
  });

  it("keeps emails in the outbox when no SMTP server is configured", async () => {
    expect(createMailer(undefined)).toBeNull();
    queue("booked:3:1");
    await deliverOutbox(null);
    expect(getDb().select().from(outbox).all()[0].status).toBe("kept");
  });
});
