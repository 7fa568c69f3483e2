import { Form } from "@remix-run/react";

export type SignInHelpFacts = {
  memberId: number;
  name: string;
  active: boolean;
  awaitingInvitation: boolean;
  invitationExpires: string | null;
  invitationExpired: boolean;
};

/**
 * What a coordinator or organisation lead can send a member who cannot sign
 * in: a new invitation while they have never set a password, otherwise a
 * password reset link. Neither shows or sets the password.
 */
export function SignInHelp({ facts }: { facts: SignInHelpFacts }) {
  const action = `/members/${facts.memberId}/sign-in-help`;
  if (!facts.active) {
    return <p>{facts.name} is deactivated, so they cannot be sent an invitation or a password reset link.</p>;
  }
  if (facts.awaitingInvitation) {
    return (
      <>
        <p>
          {facts.name} has not set a password yet.{" "}
          {facts.invitationExpires
            ? facts.invitationExpired
              ? `Their invitation expired on ${facts.invitationExpires}.`
              : `Their invitation works until ${facts.invitationExpires}.`
            : "They have no invitation."}
        </p>
        <Form method="post" action={action}>
          <input type="hidden" name="intent" value="reinvite" />
          <button type="submit" className="button button--secondary">
            Send a new invitation
          </button>
        </Form>
        <p className="hint">The new link works for seven days; any earlier link stops working.</p>
      </>
    );
  }
  return (
    <>
      <p>If {facts.name} cannot sign in, send them a link to set a new password. You will not see or choose it.</p>
      <Form method="post" action={action}>
        <input type="hidden" name="intent" value="reset" />
        <button type="submit" className="button button--secondary">
          Send a password reset link
        </button>
      </Form>
      <p className="hint">The link goes to their email address and works once, for one hour.</p>
    </>
  );
}
