CREATE TABLE `coordinator_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`audience` text NOT NULL,
	`audience_value` integer,
	`audience_label` text NOT NULL,
	`recipients` integer NOT NULL,
	`opted_out` integer NOT NULL,
	`sent_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`sent_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `coordinator_messages_created_idx` ON `coordinator_messages` (`created_at`);--> statement-breakpoint
CREATE TABLE `digest_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`paragraph` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`last_member_id` integer DEFAULT 0 NOT NULL,
	`queued` integer DEFAULT 0 NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_runs_month_unique` ON `digest_runs` (`month`);--> statement-breakpoint
CREATE TABLE `digest_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`day_of_month` integer DEFAULT 1 NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `priority` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_status_priority_next_idx` ON `outbox` (`status`,`priority`,`next_attempt_at`);