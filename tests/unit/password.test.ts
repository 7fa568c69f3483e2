import { describe, expect, it } from "vitest";
import { hashPassword, isCommonPassword, verifyPassword } from "~/lib/password.server";
import { registrationSchema } from "~/validation/registration";

describe("password hashing", () => {
  it("uses argon2id with at least 19 MiB and 2 iterations", async () => {
    const hash = await hashPassword("a long test passphrase");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "a long test passphrase")).toBe(true);
    expect(await verifyPassword(hash, "a long test passphrasE")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it("recognises the commonest passwords whatever their case", () => {
    expect(isCommonPassword("password1")).toBe(true);
    expect(isCommonPassword("Qwerty123")).toBe(true);
    expect(isCommonPassword("champions-demo-2026")).toBe(false);
  });
});

describe("registration rules", () => {
  const valid = {
    name: "Robin Ashcombe",
    email: "robin@example.org",
    password: "eight ch",
    organisation: "3",
    otherOrganisation: "",
  };

  it("accepts 8 characters and allows long passphrases with no composition rules", () => {
    expect(registrationSchema.safeParse(valid).success).toBe(true);
    expect(registrationSchema.safeParse({ ...valid, password: "a".repeat(64) + " with spaces" }).success).toBe(true);
  });

  it("refuses passwords under 8 characters", () => {
    const result = registrationSchema.safeParse({ ...valid, password: "seven c" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toBe("Password must be 8 characters or more");
  });

  it("needs the organisation's name when Other is chosen", () => {
    const result = registrationSchema.safeParse({ ...valid, organisation: "other" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["otherOrganisation"]);
  });

  it("refuses an organisation value that is not an id", () => {
    expect(registrationSchema.safeParse({ ...valid, organisation: "1 or 1=1" }).success).toBe(false);
  });
});
