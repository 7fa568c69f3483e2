DROP INDEX `contacts_confirm_token_unique`;--> statement-breakpoint
ALTER TABLE `contacts` DROP COLUMN `confirm_token`;