/**
 * The real server, as people run it: oversized bodies are refused with 413
 * before anything parses them (from Content-Length at once, chunked ones as
 * they arrive), even under a flood of them; no page shows a stack trace;
 * pages with personal data are never cached.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postHuge, send, signInAs, startRealServer, type RealServer } from "./helpers/real-server";

const MB = 1024 * 1024;
const FORM_PATHS = ["/login", "/register", "/account"];

describe("request bodies on a production server", () => {
  let server: RealServer;
  beforeAll(async () => {
    // As `npm run start:prod` runs it: production, with the same 256 MB V8 heap.
    server = await startRealServer(
      { NODE_ENV: "production", SESSION_SECRET: "s".repeat(48), COOKIE_SECURE: "false", LOG_LEVEL: "silent" },
      ["--max-old-space-size=256"],
    );
  }, 90_000);
  afterAll(() => server?.stop());

  it("refuses a form body whose Content-Length is too large at once, reading almost none of it", async () => {
    for (const path of FORM_PATHS) {
      const answer = await postHuge({ port: server.port, path, total: 50 * MB, chunked: false });
      expect(answer.status, path).toBe(413);
      expect(answer.body).toContain("too large for this form");
      // The answer came long before the client had sent it all (what it sent includes the sockets' buffers).
      expect(answer.sent, path).toBeLessThan(25 * MB);
    }
  });

  it("cuts off a chunked form body as soon as it passes 64 KB", async () => {
    const answer = await postHuge({ port: server.port, path: "/register", total: 50 * MB, chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("too large for this form");
    expect(answer.sent).toBeLessThan(25 * MB);
  });

  it("still takes an ordinary form: a wrong password is a 400 that says so, not a 413", async () => {
    const answer = await send({
      port: server.port,
      path: "/login",
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: "nobody@example.org",
        password: "not the password",
        padding: "x".repeat(60_000),
      }).toString(),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("The email address or password is not correct");
  });

  it("lets the members import take a file up to its own 5 MB limit, and refuses a larger one with 413", async () => {
    const cookie = await signInAs(server.port, "coordinator@example.org");
    const boundary = "----champions-test-boundary";
    const upload = (csv: string) =>
      send({
        port: server.port,
        path: "/members/import",
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
        body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="members.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
      });
    // About 1 MB: far over the form limit, well within the import's.
    const rows = Array.from(
      { length: 4000 },
      (_, i) => `Person ${i} ${"x".repeat(200)},person${i}@example.org,Jobcentre Plus`,
    ).join("\n");
    const accepted = await upload(`Name,Email,Organisation\n${rows}\n`);
    expect(accepted.status).toBe(200);
    // The file is kept on the server for the column-matching step; the preview after it reads every row.
    const uploadId = /name="upload" value="([^"]+)"/.exec(accepted.body)?.[1];
    expect(uploadId).toBeDefined();
    const matched = await send({
      port: server.port,
      path: "/members/import",
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ["upload", uploadId!],
        ["column", "name"],
        ["column", "email"],
        ["column", "organisation"],
        ["intent", "match"],
      ]).toString(),
    });
    expect(matched.status).toBe(200);
    expect(/4000(?:<!-- -->)? rows: /.test(matched.body), "the preview counts every row of the file").toBe(true);
    const tooBig = await postHuge({
      port: server.port,
      path: "/members/import",
      total: 6 * MB,
      chunked: true,
      headers: { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toContain("larger than 5 MB");
    // A page a person can act on: a heading and a way back to the form.
    expect(tooBig.body).toMatch(/<h1>What you sent is too large<\/h1>/);
    expect(tooBig.body).toContain("<a href='/members/import'>Go back to the form</a>");
  });

  it("under ten parallel anonymous 50 MB posts stays under 400 MB and keeps answering members", async () => {
    const cookie = await signInAs(server.port, "learner@example.org");
    const paths = [...FORM_PATHS, "/members/import"];
    let flooding = true;
    const flood = Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        postHuge({ port: server.port, path: paths[i % paths.length], total: 50 * MB, chunked: i % 2 === 0 }),
      ),
    ).finally(() => (flooding = false));
    // Meanwhile a member's own page answers, with their data, again and again.
    let pagesServed = 0;
    do {
      const page = await send({ port: server.port, path: "/learning", headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(page.body).toContain("Sam Willowmere");
      pagesServed += 1;
    } while (flooding);
    const answers = await flood;
    for (const answer of answers) expect(answer.status).toBe(413);
    expect(pagesServed).toBeGreaterThan(0);
    expect(server.peakMemoryMb()).toBeLessThan(400);
  }, 60_000);
});

describe("no stack trace, and no caching of personal pages, as `npm start` runs the server", () => {
  let server: RealServer;
  beforeAll(async () => {
    // NODE_ENV unset, as `npm start` leaves it.
    server = await startRealServer({ LOG_LEVEL: "silent" });
  }, 90_000);
  afterAll(() => server?.stop());

  it("answers a malformed address with a page for people, never a stack trace or a file path", async () => {
    const stackTrace = /URIError|node_modules|\/work\/|at [A-Za-z.<]+ \(|\.ts:\d+/;
    for (const path of ["/%E0%A4%A", "/organisations/%E0%A4%A", "/%", "/organisations/%C0%AF"]) {
      const answer = await send({ port: server.port, path });
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).toContain("<h1>Page not found</h1>");
      expect(answer.body, path).not.toMatch(stackTrace);
    }
    const signedOut = await send({ port: server.port, path: "/members/%E0%A4%A" });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.location).toMatch(/^\/login\?redirectTo=/);
    expect(signedOut.body).not.toMatch(stackTrace);
    // A request line naming another site, as a proxy would be asked.
    const elsewhere = await send({ port: server.port, path: "http://evil.example/%E0%A4%A" });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toContain("There is a problem with the web address");
    expect(elsewhere.body).not.toMatch(stackTrace);
  });

  it("sends Cache-Control: private, no-store with signed-in pages, their data and files", async () => {
    const cookie = await signInAs(server.port, "learner@example.org");
    for (const path of ["/learning", "/account", "/learning?_data=routes%2Flearning", "/account/data"]) {
      const answer = await send({ port: server.port, path, headers: { Cookie: cookie } });
      expect(answer.status, path).toBe(200);
      expect(answer.headers["cache-control"], path).toBe("private, no-store");
    }
    const page = await send({ port: server.port, path: "/account", headers: { Cookie: cookie } });
    expect(page.body).toContain("Sam Willowmere");
  });
});
