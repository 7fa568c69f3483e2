import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

/** argon2id at OWASP's recommended minimum: 19 MiB of memory, 2 iterations. */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let commonPasswords: Set<string> | undefined;

/** True for the ~49,000 commonest passwords (zxcvbn-ts's list), ignoring case. */
export function isCommonPassword(password: string) {
  commonPasswords ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return commonPasswords.has(password.toLowerCase());
}

export function hashPassword(password: string) {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check, so that an unknown email cannot be
 * told from a wrong password by timing.
 */
export async function verifyAgainstDummyHash(password: string) {
  dummyHash ??= hashPassword("a-password-nobody-has-" + Math.random());
  await verifyPassword(await dummyHash, password);
  return false;
}
