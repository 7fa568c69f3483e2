import { createCookie, redirect } from "@remix-run/node";
import { getEnv } from "./env.server";

let cookie: ReturnType<typeof createCookie> | undefined;

function flashCookie() {
  cookie ??= createCookie("cn_flash", {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().cookieSecure,
    path: "/",
    secrets: getEnv().sessionSecrets,
    maxAge: 60,
  });
  return cookie;
}

/** A redirect that shows a one-time success message on the next page. */
export async function redirectWithFlash(url: string, message: string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookie().serialize(message));
  return redirect(url, { ...init, headers });
}

/** The pending message, and the header that clears it. */
export async function readFlash(request: Request) {
  const value = await flashCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "string" || value === "") return { message: null, headers: undefined };
  return {
    message: value,
    headers: { "Set-Cookie": await flashCookie().serialize("", { maxAge: 0 }) },
  };
}
