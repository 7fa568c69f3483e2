ALTER TABLE `calendar_feeds` ADD `token_hash` text;--> statement-breakpoint
ALTER TABLE `calendar_feeds` ADD `last_used_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_feeds_token_hash_unique` ON `calendar_feeds` (`token_hash`);--> statement-breakpoint
-- Subscriptions already in people's calendars keep working: each plain token is replaced by its SHA-256, and migration 0014 drops the plain column. (sha256_hex is registered on the connection by migrateDatabase in app/lib/db.server.ts.)
UPDATE `calendar_feeds` SET `token_hash` = sha256_hex(`token`);
