/**
 * The benchmark's ceiling: a bare node:http server that answers `/<n>` with
 * the status, type and bytes of the n-th page in the file it is given, so a
 * path's ceiling is the same bytes with no work behind them. tests/bench/run.ts
 * starts it in its own process, so it does not share the load generator's CPU.
 *
 *   tsx tests/bench/ceiling.ts <port> <pages.json>
 */
import fs from "node:fs";
import http from "node:http";

type Page = { status: number; contentType: string; body: string };

const [port, file] = process.argv.slice(2);
const pages = (JSON.parse(fs.readFileSync(file, "utf8")) as Page[]).map((page) => ({
  ...page,
  bytes: Buffer.from(page.body, "base64"),
}));

http
  .createServer((req, res) => {
    const page = pages[Number(/^\/(\d+)/.exec(req.url ?? "")?.[1] ?? -1)];
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(page.status, { "content-type": page.contentType, "content-length": page.bytes.length });
    res.end(page.bytes);
  })
  .listen(Number(port), "127.0.0.1", () => console.log("ready"));
