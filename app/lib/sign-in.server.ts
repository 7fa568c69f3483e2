/**
 * The end of signing in, shared by the password step (/login) and the second
 * step (/login/two-step). A member with two-step sign-in gets no session after
 * the password: only a short-lived signed cookie saying whose password was
 * right, which the second step needs and then clears.
 */
import { createCookie, redirect } from "@remix-run/node";
import { getEnv } from "./env.server";
import { startSession } from "./session.server";
import { roleNeedsTwoStep } from "./two-step-rule";
import type { Role } from "~drizzle/schema/constants";
import { KNOWN_BROWSER_MS, newBrowserToken, recordSignInBrowser } from "~/models/known-browser.server";

/** How long the second step may take after the password. */
export const SECOND_STEP_MS = 5 * 60 * 1000;

/** An HttpOnly, SameSite=Lax cookie signed with SESSION_SECRET (a tampered value reads as none). */
function signedCookie(name: string, { path, maxAgeMs }: { path: string; maxAgeMs: number }) {
  return createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().cookieSecure,
    path,
    secrets: getEnv().sessionSecrets,
    maxAge: maxAgeMs / 1000,
  });
}

let pendingCookie: ReturnType<typeof createCookie> | undefined;
let browserCookie: ReturnType<typeof createCookie> | undefined;

function secondStepCookie() {
  pendingCookie ??= signedCookie("cn_two_step", { path: "/login", maxAgeMs: SECOND_STEP_MS });
  return pendingCookie;
}

/** A long-lived random token naming this browser, so a staff sign-in from a new one can be told apart. */
function knownBrowserCookie() {
  browserCookie ??= signedCookie("cn_browser", { path: "/", maxAgeMs: KNOWN_BROWSER_MS });
  return browserCookie;
}

export type PendingSignIn = { memberId: number; redirectTo: string };

/** The Set-Cookie header that carries a right password over to the second step. */
export function startSecondStep({ memberId, redirectTo, now = new Date() }: PendingSignIn & { now?: Date }) {
  return secondStepCookie().serialize({ memberId, redirectTo, expiresAt: now.getTime() + SECOND_STEP_MS });
}

/** Whose password was right a moment ago in this browser, or null (none, tampered, or too long ago). */
export async function readPendingSignIn(
  request: Request,
  { now = new Date() }: { now?: Date } = {},
): Promise<PendingSignIn | null> {
  const value: unknown = await secondStepCookie().parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const { memberId, redirectTo, expiresAt } = value as Record<string, unknown>;
  if (typeof memberId !== "number" || typeof redirectTo !== "string" || typeof expiresAt !== "number") return null;
  if (expiresAt <= now.getTime()) return null;
  return { memberId, redirectTo };
}

export function clearPendingSignIn() {
  return secondStepCookie().serialize("", { maxAge: 0 });
}

/**
 * Starts the session and redirects where the member was going. The browser
 * is remembered; a staff member signing in from a browser not seen before is
 * emailed.
 */
export async function finishSignIn({
  request,
  member,
  redirectTo,
}: {
  request: Request;
  member: { id: number; role: Role };
  redirectTo: string;
}) {
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(request, member.id));
  const existing: unknown = await knownBrowserCookie().parse(request.headers.get("Cookie"));
  const token = typeof existing === "string" && existing.length >= 32 ? existing : newBrowserToken();
  recordSignInBrowser({
    memberId: member.id,
    token,
    userAgent: request.headers.get("User-Agent") ?? "",
    tellIfNew: roleNeedsTwoStep(member.role),
  });
  headers.append("Set-Cookie", await knownBrowserCookie().serialize(token));
  if (await readPendingSignIn(request)) headers.append("Set-Cookie", await clearPendingSignIn());
  return redirect(redirectTo, { headers });
}
