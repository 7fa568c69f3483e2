import { eq } from "drizzle-orm";
import { members } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";
import { OPTIONAL_EMAIL_LABELS, type OptionalEmailKind } from "~/lib/email/unsubscribe.server";
import { withAudit } from "./audit.server";

/**
 * Which optional emails a member receives: the monthly digest, reminders and
 * the coordinator's messages. Essential mail (bookings, changes to a booked
 * workshop, account security) ignores these and always goes.
 */
export type EmailPreferences = Record<OptionalEmailKind, boolean>;

const COLUMNS = { digest: members.digestEmails, reminders: members.reminderEmails, messages: members.messageEmails };
const FIELDS = { digest: "digestEmails", reminders: "reminderEmails", messages: "messageEmails" } as const;

/** A member's choices, or undefined when there is no such member. */
export function getEmailPreferences({ memberId }: { memberId: number }, db: Db = getDb()) {
  const row = db
    .select({ name: members.name, status: members.status, ...COLUMNS })
    .from(members)
    .where(eq(members.id, memberId))
    .get();
  if (!row) return undefined;
  const preferences: EmailPreferences = { digest: row.digest, reminders: row.reminders, messages: row.messages };
  return { name: row.name, status: row.status, preferences };
}

function describeChoices(preferences: Partial<EmailPreferences>) {
  return Object.entries(preferences)
    .map(([kind, on]) => `${OPTIONAL_EMAIL_LABELS[kind as OptionalEmailKind]} ${on ? "on" : "off"}`)
    .join(", ");
}

/**
 * Saves a member's choices (from My account or a one-click unsubscribe link)
 * and records the change in the audit log; nothing is written or recorded when
 * nothing changed. `via` says where the change came from. Returns whether it changed.
 */
export function setEmailPreferences(
  {
    memberId,
    preferences,
    via,
    now = new Date(),
  }: { memberId: number; preferences: Partial<EmailPreferences>; via: "account" | "unsubscribe-link"; now?: Date },
  db: Db = getDb(),
) {
  return (
    withAudit(
      (tx) => {
        const before = getEmailPreferences({ memberId }, tx)?.preferences;
        if (!before) return null;
        const changed = Object.fromEntries(
          (Object.keys(FIELDS) as OptionalEmailKind[])
            .filter((kind) => preferences[kind] !== undefined && preferences[kind] !== before[kind])
            .map((kind) => [kind, preferences[kind]!]),
        ) as Partial<EmailPreferences>;
        if (Object.keys(changed).length === 0) return null;
        tx.update(members)
          .set({
            ...Object.fromEntries(Object.entries(changed).map(([kind, on]) => [FIELDS[kind as OptionalEmailKind], on])),
            updatedAt: now,
          })
          .where(eq(members.id, memberId))
          .run();
        return { before, changed };
      },
      (result) =>
        result
          ? {
              actorId: memberId,
              action: "email-preferences.update",
              entityType: "member",
              entityId: memberId,
              summary: `Email preferences changed ${via === "account" ? "in My account" : "with a one-click unsubscribe link"}: ${describeChoices(result.changed)}`,
              before: result.before,
              after: { ...result.before, ...result.changed },
              now,
            }
          : null,
      db,
    ) !== null
  );
}
