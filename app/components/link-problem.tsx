import type { ReactNode } from "react";
import { Form } from "@remix-run/react";

export type LinkProblemState = "unknown" | "expired" | "used" | "cancelled" | "other-member";

const TEXT: Record<LinkProblemState, { title: string; body: string }> = {
  unknown: {
    title: "This link does not work",
    body: "It is not a link we sent, or part of it is missing. If you copied it from an email, check you copied all of it.",
  },
  expired: {
    title: "This link has expired",
    body: "Links like this work for a limited time, to keep your account safe.",
  },
  used: { title: "This link has already been used", body: "Each link works once." },
  cancelled: {
    title: "This link has been replaced",
    body: "A newer request, or a report that it was not you, stopped it.",
  },
  "other-member": {
    title: "This link is for someone else's account",
    body: "You are signed in as another member. Sign out, then open the link from the email again.",
  },
};

/**
 * The page for a secret link that cannot be used, saying why and what to do
 * next. `next` is the way forward for this kind of link.
 */
export function LinkProblem({ state, next }: { state: LinkProblemState; next: ReactNode }) {
  const text = TEXT[state];
  return (
    <div className="narrow">
      <h1>{text.title}</h1>
      <p>{text.body}</p>
      {state === "other-member" ? (
        <Form method="post" action="/logout">
          <button type="submit" className="button button--secondary">
            Sign out
          </button>
        </Form>
      ) : (
        next
      )}
    </div>
  );
}
