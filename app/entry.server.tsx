import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { logError, redactPath } from "~/lib/log.server";

const utf8 = new TextEncoder();

/**
 * Pages are rendered to a string, not streamed: no route defers data, so a
 * stream would only add work (see docs/decisions/002-performance-at-national-scale.md).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext?.cspNonce ?? "";
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // Encoded here, once: given a string, Response first checks every character is valid UTF-16 (toUSVString, 4% of a
  // directory page's time in a profile), and the bytes are the same.
  return new Response(utf8.encode(`<!DOCTYPE html>${html}`), { headers: responseHeaders, status: responseStatusCode });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Thrown responses (404, 403) are expected answers, not faults.
  if (!(error instanceof Error)) return;
  // The message and stack only; never the request body or cookies.
  logError("server-error", error, { path: redactPath(new URL(request.url).pathname) });
}
