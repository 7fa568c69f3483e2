import { forkWorker, type Worker } from "./helpers/fork-worker";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { outbox } from "../../drizzle/schema";
import { getDb } from "~/lib/db.server";
import { createMailer } from "~/lib/email/mailer.server";
import { emails } from "~/lib/email/templates";
import { deliverOutbox } from "~/lib/jobs.server";
import { claimEmail, MAX_ATTEMPTS, queueEmail, SEND_LEASE_MS } from "~/models/outbox.server";

type Received = { to: string[]; data: string };

type SmtpBehaviour = {
  /** Rejects that many messages (451) before accepting. */
  failFirst?: number;
  /** Refuses every message permanently (550). */
  refuseAll?: boolean;
  /** Waits this long before answering each message. */
  delayMs?: number;
  /** Called with each message before it is answered; return false to never answer it. */
  onMessage?: (data: string) => boolean | void;
};

let server: SMTPServer | undefined;

function smtpError(message: string, responseCode: number) {
  return Object.assign(new Error(message), { responseCode });
}

/** A real SMTP server on a loopback port; `received` holds only the messages it accepted. */
async function startSmtp(behaviour: SmtpBehaviour | number = {}) {
  const {
    failFirst = 0,
    refuseAll = false,
    delayMs = 0,
    onMessage,
  } = typeof behaviour === "number" ? { failFirst: behaviour } : behaviour;
  const received: Received[] = [];
  let failures = failFirst;
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString()));
      stream.on("end", () => {
        if (onMessage?.(data) === false) return;
        setTimeout(() => {
          if (refuseAll) return callback(smtpError("Mailbox unavailable", 550));
          if (failures > 0) {
            failures -= 1;
            return callback(smtpError("Mailbox temporarily unavailable", 451));
          }
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        }, delayMs);
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
  queueEmail({
    dedupeKey: key,
    memberId: null,
    to: "nurse@example.org",
    subject: "Booking confirmed: Tier 1 workshop",
    body: "Dear Sam,\n\nYour place is booked.",
    kind: "booked",
  });
}

describe("email through SMTP", () => {
  it("delivers each queued email once, however often the sender runs", async () => {
    const { received, url } = await startSmtp();
    const mailer = createMailer(url)!;
    queue("booked:1:1");
    queue("booked:1:1"); // the same email queued twice is one email
    queue("booked:2:1");
    expect((await deliverOutbox({ mailer })).sent).toBe(2);
    expect((await deliverOutbox({ mailer })).sent).toBe(0);
    expect(received).toHaveLength(2);
    expect(received[0].to).toEqual(["nurse@example.org"]);
    expect(received[0].data).toContain("Subject: Booking confirmed: Tier 1 workshop");
    expect(received[0].data).toContain("Your place is booked.");
    expect(
      getDb()
        .select()
        .from(outbox)
        .all()
        .map((e) => e.status),
    ).toEqual(["sent", "sent"]);
  });

  it("retries a failed send later, then delivers it", async () => {
    const { received, url } = await startSmtp(1);
    const mailer = createMailer(url)!;
    queue("reminder:1:1");
    const first = await deliverOutbox({ mailer });
    expect(first).toEqual({ sent: 0, failed: 1 });
    const [afterFailure] = getDb().select().from(outbox).all();
    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1 });
    expect(afterFailure.lastError).toMatch(/temporarily unavailable/);
    // Not due yet: the back-off holds it.
    expect((await deliverOutbox({ mailer })).sent).toBe(0);
    const later = new Date(afterFailure.nextAttemptAt.getTime() + 1);
    expect((await deliverOutbox({ mailer, now: later })).sent).toBe(1);
    expect(received).toHaveLength(1);
    expect(getDb().select().from(outbox).where(eq(outbox.id, afterFailure.id)).get()?.status).toBe("sent");
  });

  it("keeps emails in the outbox when no SMTP server is configured", async () => {
    expect(createMailer(undefined)).toBeNull();
    queue("booked:3:1");
    await deliverOutbox({ mailer: null });
    expect(getDb().select().from(outbox).all()[0].status).toBe("kept");
  });
});

function row(dedupeKey: string) {
  return getDb().select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get()!;
}

describe("the outbox marks an email sent only once the SMTP server has accepted it", () => {
  it("sends an email again, exactly once, after its sender was killed mid-send and the lease ran out", async () => {
    let child: Worker | undefined;
    let refuseDuringCrash = true;
    const statusWhileSending: string[] = [];
    const { received, url } = await startSmtp({
      onMessage: () => {
        if (!refuseDuringCrash) return;
        // The message has reached the server but is not yet accepted: the sender dies here.
        statusWhileSending.push(row("booked:9:1").status);
        child!.kill("SIGKILL");
        return false;
      },
    });
    queue("booked:9:1");
    const before = Date.now();

    child = forkWorker("send-worker.ts");
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child!.once("exit", (_code, signal) => resolve(signal)),
    );
    child.send({ databaseUrl: process.env.DATABASE_URL, smtpUrl: url });
    expect(await exited).toBe("SIGKILL");
    refuseDuringCrash = false;

    expect(statusWhileSending).toEqual(["sending"]);
    const afterCrash = row("booked:9:1");
    expect(afterCrash).toMatchObject({ status: "sending", sentAt: null });
    expect(afterCrash.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + SEND_LEASE_MS);

    const mailer = createMailer(url)!;
    // While the dead sender's lease holds, nobody sends it.
    expect(await deliverOutbox({ mailer })).toEqual({ sent: 0, failed: 0 });
    expect(received).toHaveLength(0);

    const leaseOver = new Date(afterCrash.nextAttemptAt.getTime() + 1);
    expect(await deliverOutbox({ mailer, now: leaseOver })).toEqual({ sent: 1, failed: 0 });
    const dayAfter = new Date(leaseOver.getTime() + 24 * 60 * 60 * 1000);
    expect(await deliverOutbox({ mailer, now: dayAfter })).toEqual({ sent: 0, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0].data).toContain("Your place is booked.");
    expect(row("booked:9:1")).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("keeps a refused email queued with a growing back-off, never marked sent, and gives up after the last attempt", async () => {
    const statusWhileSending: string[] = [];
    const { received, url } = await startSmtp({
      refuseAll: true,
      onMessage: () => void statusWhileSending.push(row("reminder:4:1").status),
    });
    const mailer = createMailer(url)!;
    queue("reminder:4:1");
    let now = new Date();
    const delays: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect(await deliverOutbox({ mailer, now })).toEqual({ sent: 0, failed: 1 });
      const email = row("reminder:4:1");
      expect(email).toMatchObject({ status: "pending", attempts: attempt, sentAt: null });
      expect(email.lastError).toMatch(/Mailbox unavailable/);
      // Not due before its back-off is over.
      const justBefore = new Date(email.nextAttemptAt.getTime() - 1);
      expect(await deliverOutbox({ mailer, now: justBefore })).toEqual({ sent: 0, failed: 0 });
      delays.push(email.nextAttemptAt.getTime() - now.getTime());
      now = email.nextAttemptAt;
    }
    expect(delays.every((delay, i) => i === 0 || delay > delays[i - 1])).toBe(true);
    expect(await deliverOutbox({ mailer, now })).toEqual({ sent: 0, failed: 1 });
    expect(row("reminder:4:1")).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, sentAt: null });
    expect(statusWhileSending).toEqual(Array(MAX_ATTEMPTS).fill("sending"));
    expect(received).toHaveLength(0);
  });

  it("never lets two senders send the same email while a lease is held", async () => {
    const { received, url } = await startSmtp({ delayMs: 30 });
    const mailer = createMailer(url)!;
    for (let n = 1; n <= 6; n += 1) queue(`booked:${n}:2`);
    const [a, b] = await Promise.all([deliverOutbox({ mailer }), deliverOutbox({ mailer: createMailer(url)! })]);
    expect(a.sent + b.sent).toBe(6);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(received.map((m) => /Message-ID: (.*)/i.exec(m.data)![1]).sort()).toHaveLength(6);
    expect(new Set(received.map((m) => /Message-ID: (.*)/i.exec(m.data)![1])).size).toBe(6);

    // A sender holds a lease; another sender running later, but before the lease ends, leaves it alone.
    queue("booked:7:2");
    const claimedAt = new Date();
    const leaseEndsAt = claimEmail({ id: row("booked:7:2").id, now: claimedAt })!;
    expect(leaseEndsAt.getTime()).toBe(claimedAt.getTime() + SEND_LEASE_MS);
    const leaseHolds = new Date(leaseEndsAt.getTime() - 1000);
    expect(await deliverOutbox({ mailer, now: leaseHolds })).toEqual({ sent: 0, failed: 0 });
    expect(claimEmail({ id: row("booked:7:2").id, now: new Date(leaseEndsAt.getTime() - 1000) })).toBeNull();
    expect(received).toHaveLength(6);
    expect(row("booked:7:2").status).toBe("sending");
  });
});

/** The header block of a received message, unfolded (RFC 5322 §2.2.3), with encoded words decoded (RFC 2047). */
function parseHeaders(data: string) {
  const block = data.slice(0, data.indexOf("\r\n\r\n")).replace(/\r\n(?=[ \t])/g, "");
  return block.split("\r\n").map((line) => {
    const colon = line.indexOf(":");
    return { name: line.slice(0, colon).toLowerCase(), value: decodeWords(line.slice(colon + 1).trim()) };
  });
}

function decodeWords(value: string) {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_word, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              "latin1",
            );
      return new TextDecoder(charset).decode(bytes);
    });
}

describe("email headers carry no control characters", () => {
  const hostileTitle = "Tier 1 workshop\r\nBcc: evil@example.org\rX-Injected: yes\u0000\u001b\u0085\u2028end";
  const workshop = {
    id: 5,
    title: hostileTitle,
    startsAt: new Date("2026-12-10T10:00:00Z"),
    endsAt: new Date("2026-12-10T12:00:00Z"),
    venue: null,
    joiningUrl: null,
  };

  it("a workshop title with CR, LF and other control characters gives one Subject line and no extra recipient", async () => {
    const { received, url } = await startSmtp();
    const { subject, body } = emails.changed("Sam", workshop, "booked");
    queueEmail({ dedupeKey: "changed:5:1:1", memberId: null, to: "nurse@example.org", subject, body, kind: "changed" });
    // The mailer cleans what it sends even if a row reached the outbox some other way.
    getDb()
      .insert(outbox)
      .values({
        dedupeKey: "raw",
        memberId: null,
        toAddress: "nurse@example.org",
        subject,
        body,
        kind: "changed",
        nextAttemptAt: new Date(),
        createdAt: new Date(),
      })
      .run();
    expect((await deliverOutbox({ mailer: createMailer(url)! })).sent).toBe(2);
    expect(received).toHaveLength(2);
    for (const message of received) {
      expect(message.to).toEqual(["nurse@example.org"]);
      const headers = parseHeaders(message.data);
      expect(headers.filter((h) => h.name === "subject").map((h) => h.value)).toEqual([
        "Changed: Tier 1 workshop Bcc: evil@example.org X-Injected: yes end",
      ]);
      expect(headers.filter((h) => h.name === "to").map((h) => h.value)).toEqual(["nurse@example.org"]);
      expect(headers.map((h) => h.name)).not.toContain("bcc");
      expect(headers.map((h) => h.name)).not.toContain("x-injected");
      for (const header of headers) expect(header.value).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
    }
    expect(row("changed:5:1:1").subject).toBe("Changed: Tier 1 workshop Bcc: evil@example.org X-Injected: yes end");
  });

  it("an address that smuggles in a second recipient is refused, not sent", async () => {
    const { received, url } = await startSmtp();
    queueEmail({
      dedupeKey: "booked:6:1",
      memberId: null,
      to: "nurse@example.org\r\nBcc: evil@example.org",
      subject: "Booking confirmed",
      body: "Dear Sam,",
      kind: "booked",
    });
    expect(await deliverOutbox({ mailer: createMailer(url)! })).toEqual({ sent: 0, failed: 1 });
    expect(received).toHaveLength(0);
    expect(row("booked:6:1")).toMatchObject({
      status: "pending",
      sentAt: null,
      lastError: "The recipient is not a single email address.",
    });
  });
});
