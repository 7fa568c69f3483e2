import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/lib/session.server";

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await endSession(request);
  return redirect("/login?signedOut=1", { headers: { "Set-Cookie": cookie } });
}

/** Signing out changes state, so it is a POST; a GET just goes home. */
export function loader() {
  return redirect("/");
}
