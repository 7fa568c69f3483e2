import type { Request, Response } from "express";

/**
 * Request bodies are read here, counted as the bytes arrive, before anything
 * parses them: a body larger than its limit is answered 413 at once (from its
 * Content-Length when it has one) and the rest of it is thrown away unread into
 * memory. Without this, ten 50 MB posts to /login were each held in full.
 */

/** Every ordinary form: the longest field any form takes is a few thousand characters. */
export const FORM_BODY_LIMIT = 64 * 1024;
/** The members import and a toolkit card's files take a file of up to 5 MB, plus the form around it. */
export const IMPORT_FILE_LIMIT = 5 * 1024 * 1024;
const IMPORT_BODY_LIMIT = IMPORT_FILE_LIMIT + 64 * 1024;
/** How long a refused body may go on arriving (and being thrown away) before the connection is cut. */
const DISCARD_MS = 5_000;

/** Paths that take a file of up to 5 MB: the members import, and a toolkit card's files (app/lib/toolkit/files.server.ts). */
const FILE_UPLOAD_PATH = /^\/(?:members\/import|toolkit\/[a-z0-9-]{1,100}\/attachments)$/;

export function bodyLimitFor(path: string) {
  return FILE_UPLOAD_PATH.test(path.replace(/\/+$/, "")) ? IMPORT_BODY_LIMIT : FORM_BODY_LIMIT;
}

/** A small page a person can act on: what went wrong, and a link back to the form (the path is the app's own, escaped). */
function tooLargePage(limit: number, path: string) {
  const message =
    limit > FORM_BODY_LIMIT
      ? "The file is larger than 5 MB. Split it into smaller files and upload each one."
      : "What you sent is too large for this form. Go back, shorten what you typed and try again.";
  const back = encodeURI(path.startsWith("/") ? path : "/").replace(/'/g, "%27");
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Error: too large – Champions Network</title></head><body><main><h1>What you sent is too large</h1><p>${message}</p><p><a href='${back}'>Go back to the form</a></p></main></body></html>`;
}

/**
 * Answers 413 while the body may still be arriving. Node closes a connection
 * whose request it has not read to the end as soon as the answer is complete,
 * and a client still sending then meets a reset that can swallow the answer.
 * So, as nginx does, the answer is written whole (its length declared, so a
 * client can read it) but ended only when the client stops sending, or after
 * a few seconds; meanwhile what arrives is thrown away.
 */
function refuse(req: Request, res: Response, limit: number) {
  const message = tooLargePage(limit, req.path);
  res.status(413).set({
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(message)),
    Connection: "close",
  });
  res.write(message);
  req.resume();
  const timer = setTimeout(() => finish(), DISCARD_MS);
  timer.unref();
  const finish = () => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
    if (!req.complete) req.socket.destroy();
  };
  req.once("end", finish);
  req.once("close", finish);
}

/**
 * The whole body as one Buffer (null for GET and HEAD), or null after
 * answering 413 when it is larger than the limit for its path.
 */
export function readBodyWithin(req: Request, res: Response): Promise<{ body: Buffer | null } | null> {
  if (req.method === "GET" || req.method === "HEAD") return Promise.resolve({ body: null });
  const limit = bodyLimitFor(req.path);
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    refuse(req, res, limit);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stopListening = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) {
        chunks.push(chunk);
        return;
      }
      stopListening();
      chunks.length = 0;
      // Keep reading so the answer can be read; what arrives now goes nowhere.
      req.resume();
      refuse(req, res, limit);
      resolve(null);
    };
    const onEnd = () => {
      stopListening();
      resolve({ body: Buffer.concat(chunks, received) });
    };
    const onError = (error: Error) => {
      stopListening();
      reject(error);
    };
    const onClose = () => onError(new Error("The connection closed before the request body arrived."));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}
