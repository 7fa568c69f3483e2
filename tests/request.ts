/** Helpers for calling loaders and actions the way Remix does, in integration tests. */
import type { ActionFunction, AppLoadContext, LoaderFunction } from "@remix-run/node";
import { getSessionCookie } from "~/lib/session.server";
import { createSession } from "~/models/session.server";

export const BASE = "http://localhost:3000";

export const testContext: AppLoadContext = { cspNonce: "test-nonce", clientIp: "192.0.2.1" };

/** A Cookie header for a fresh session of this member. */
export async function cookieFor(memberId: number) {
  const { token } = createSession({ memberId });
  const setCookie = await getSessionCookie().serialize(token);
  return setCookie.split(";")[0];
}

export function formRequest(path: string, fields: Record<string, string>, init: { cookie?: string } = {}) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(BASE + path, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
}

export function getRequest(path: string, init: { cookie?: string } = {}) {
  const headers = new Headers();
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(BASE + path, { headers });
}

/** Runs a loader or action and returns the Response, whether it was returned or thrown. */
export async function call(
  fn: LoaderFunction | ActionFunction,
  request: Request,
  params: Record<string, string> = {},
  context: AppLoadContext = testContext,
): Promise<Response> {
  try {
    const result = await fn({ request, params, context });
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
