CREATE TABLE `known_browsers` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `known_browsers_member_idx` ON `known_browsers` (`member_id`);--> statement-breakpoint
CREATE INDEX `known_browsers_seen_idx` ON `known_browsers` (`last_seen_at`);--> statement-breakpoint
CREATE TABLE `two_step_credentials` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`secret` text,
	`enabled_at` integer,
	`last_used_step` integer,
	`pending_secret` text,
	`pending_created_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `two_step_recovery_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `two_step_recovery_codes_member_idx` ON `two_step_recovery_codes` (`member_id`);