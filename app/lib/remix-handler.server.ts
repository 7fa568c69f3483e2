import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import type { RequestHandler } from "express";
import { clientAddress } from "./client-address.server";
import { crossOriginWriteAllowed } from "./security.server";
import { readBodyWithin } from "./request-body.server";

/**
 * Serves the Remix app from Express (in place of @remix-run/express, whose
 * handler reads the body itself, with no limit): the body is read within its
 * limit first; the request's address is always APP_URL's, whatever Host
 * header came, so no link can be built from a forged one; and a response that
 * says nothing about caching is kept by nobody.
 */
export function remixHandler({
  build,
  mode,
  appOrigin,
}: {
  build: ServerBuild;
  mode: "development" | "production";
  appOrigin: string;
}): RequestHandler {
  const handleRequest = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      // Only a path: a request line naming another origin ("GET http://elsewhere/ HTTP/1.1") is not ours to answer.
      if (!req.originalUrl.startsWith("/"))
        return void res
          .status(400)
          .type("text/plain")
          .send("There is a problem with the web address. Check it and try again.");
      // An oversized body has been answered 413.
      const read = await readBodyWithin(req, res);
      if (!read) return;
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const headers = new Headers();
      // Remix refuses (with a 500) an action whose Origin is another site's; a path that another site may POST to
      // (one-click unsubscribe) is authorised by the secret in its address, so its Origin is not passed on.
      const dropOrigin = crossOriginWriteAllowed(req.path);
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || (dropOrigin && name === "origin")) continue;
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      const request = new Request(`${appOrigin}${req.originalUrl}`, {
        method: req.method,
        headers,
        // A Buffer is a Uint8Array; Node's types are stricter about its backing store than fetch needs.
        body: read.body as Uint8Array<ArrayBuffer> | null,
        signal: controller.signal,
      });
      const response = await handleRequest(request, {
        cspNonce: res.locals.cspNonce as string,
        clientIp: clientAddress(req),
      });
      // Pages and files about people are never kept by a shared computer's history or a proxy.
      if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [name, value] of response.headers.entries()) res.append(name, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
