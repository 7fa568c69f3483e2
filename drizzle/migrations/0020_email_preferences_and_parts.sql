ALTER TABLE `members` ADD `digest_emails` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `reminder_emails` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `message_emails` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `headers` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `calendar` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `calendar_method` text;