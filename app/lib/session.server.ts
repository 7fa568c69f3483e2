import { createCookie, redirect } from "@remix-run/node";
import { writesSoFar } from "./db.server";
import { getEnv, type Env } from "./env.server";
import { SESSION_ABSOLUTE_MS, createSession, deleteSession, findSessionMember } from "~/models/session.server";

export type SignedInMember = NonNullable<ReturnType<typeof findSessionMember>>;

let cookie: ReturnType<typeof createCookie> | undefined;

/**
 * The session cookie: HttpOnly, SameSite=Lax, Secure in production, signed
 * with SESSION_SECRET (a tampered value reads as no session at all).
 */
export function createSessionCookie(env: Pick<Env, "cookieSecure" | "sessionSecrets">) {
  return createCookie("cn_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env.cookieSecure,
    path: "/",
    secrets: env.sessionSecrets,
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function getSessionCookie() {
  cookie ??= createSessionCookie(getEnv());
  return cookie;
}

async function readSessionToken(request: Request): Promise<string | null> {
  const value = await getSessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * The members read for GET requests in this turn of the event loop, by Cookie
 * header. A page's loaders (the root's and the page's own) each ask who is
 * signed in, and a GET changes nothing, so they share one answer: reading the
 * cookie and the session was a tenth of a directory search (issue 21). An
 * answer is used again only while this process has written nothing since
 * (a sign-out, a deactivation), and is forgotten when the turn ends. A form's
 * POST always reads afresh.
 */
const readThisTurn = new Map<string, { writes: number; member: Promise<SignedInMember | null> }>();

export function getSignedInMember(request: Request): Promise<SignedInMember | null> {
  const cookies = request.headers.get("Cookie");
  if (!cookies || (request.method !== "GET" && request.method !== "HEAD")) return readSignedInMember(request);
  const writes = writesSoFar();
  const kept = readThisTurn.get(cookies);
  if (kept && kept.writes === writes) return kept.member;
  if (readThisTurn.size === 0) setImmediate(() => readThisTurn.clear());
  const member = readSignedInMember(request);
  readThisTurn.set(cookies, { writes, member });
  return member;
}

async function readSignedInMember(request: Request) {
  const token = await readSessionToken(request);
  return token ? findSessionMember({ token }) : null;
}

/** Starts a fresh session (a new token each sign-in, so it rotates) and ends the old one. */
export async function startSession(request: Request, memberId: number) {
  const previous = await readSessionToken(request);
  if (previous) deleteSession({ token: previous });
  const { token } = createSession({ memberId });
  return getSessionCookie().serialize(token);
}

export async function endSession(request: Request) {
  const token = await readSessionToken(request);
  if (token) deleteSession({ token });
  return getSessionCookie().serialize("", { maxAge: 0 });
}

/** Only same-site, path-absolute redirect targets are followed after sign-in. */
export function redirectToSignIn(request: Request) {
  const url = new URL(request.url);
  const here = url.pathname + url.search;
  const params = new URLSearchParams({ redirectTo: here });
  return redirect(`/login?${params}`);
}
