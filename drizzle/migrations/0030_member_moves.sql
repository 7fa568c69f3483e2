CREATE TABLE `member_moves` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`from_organisation_id` integer,
	`to_organisation_id` integer NOT NULL,
	`moved_at` integer NOT NULL,
	`recorded_by` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_moves_member_idx` ON `member_moves` (`member_id`);--> statement-breakpoint
CREATE INDEX `member_moves_from_idx` ON `member_moves` (`from_organisation_id`);--> statement-breakpoint
CREATE INDEX `member_moves_to_idx` ON `member_moves` (`to_organisation_id`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `retired_at` integer;--> statement-breakpoint
ALTER TABLE `contacts` ADD `retired_reason` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `retired_from_organisation_id` integer REFERENCES organisations(id);--> statement-breakpoint
CREATE INDEX `contacts_retired_from_idx` ON `contacts` (`retired_from_organisation_id`,`retired_at`);