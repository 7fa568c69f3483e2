import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { findMemberForSignIn } from "~/models/member.server";
import { verifyAgainstDummyHash, verifyPassword } from "./password.server";

export class InvalidCredentialsError extends Error {
  constructor() {
    super("Invalid email or password");
  }
}

export type AuthenticatedMember = { id: number };

export const authenticator = new Authenticator<AuthenticatedMember>();

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    const member = findMemberForSignIn({ email });
    if (!member) {
      await verifyAgainstDummyHash(password);
      throw new InvalidCredentialsError();
    }
    const valid = await verifyPassword(member.passwordHash, password);
    // A deactivated member gets the same answer as a wrong password.
    if (!valid || member.status !== "active") throw new InvalidCredentialsError();
    return { id: member.id };
  }),
  "form",
);
