ALTER TABLE `contacts` ADD `confirm_token_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_confirm_token_hash_unique` ON `contacts` (`confirm_token_hash`);--> statement-breakpoint
-- Links already emailed keep working: each plain token is replaced by its SHA-256, and migration 0010 drops the plain column. (sha256_hex is registered on the connection by migrateDatabase in app/lib/db.server.ts.)
UPDATE `contacts` SET `confirm_token_hash` = sha256_hex(`confirm_token`) WHERE `confirm_token` IS NOT NULL;--> statement-breakpoint
-- Sign-in attempts were keyed by an unsalted SHA-256 of the email, which anyone holding a member list can reverse. They are a day's throttle counters only: removed rather than kept. New rows are keyed with an HMAC under a server secret.
DELETE FROM `sign_in_attempts`;
