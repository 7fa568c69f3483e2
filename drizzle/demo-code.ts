/**
 * Prints the current two-step sign-in code of a demo coordinator or
 * administrator account, whose authenticator secret is published with the
 * demo data (drizzle/seed.ts). It knows only that secret, so it can give no
 * code for any real account.
 *
 *   npm run demo:code -- coordinator@example.org
 */
import { roleNeedsTwoStep } from "../app/lib/two-step-rule";
import { TOTP_PERIOD_SECONDS, totpCode } from "../app/lib/totp.server";
import { DEMO_ACCOUNTS, DEMO_TWO_STEP_SECRET } from "./seed";

const email = (process.argv[2] ?? "").trim().toLowerCase();
const withCodes = DEMO_ACCOUNTS.filter((account) => roleNeedsTwoStep(account.role)).map((account) => account.email);

if (!withCodes.includes(email)) {
  console.error(`Give one of the demo accounts that sign in with a code: ${withCodes.join(", ")}`);
  console.error("For example: npm run demo:code -- coordinator@example.org");
  process.exit(1);
}
const now = new Date();
const secondsLeft = TOTP_PERIOD_SECONDS - (Math.floor(now.getTime() / 1000) % TOTP_PERIOD_SECONDS);
const code = totpCode({ base32: DEMO_TWO_STEP_SECRET, now });
console.log(`${code}  (the code for ${email}; a new one comes in ${secondsLeft} s)`);
