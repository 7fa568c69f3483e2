CREATE TABLE `check_in_codes` (
	`workshop_id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_in_codes_code_unique` ON `check_in_codes` (`code`);--> statement-breakpoint
CREATE TABLE `check_ins` (
	`workshop_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`method` text NOT NULL,
	`walk_in_status` text,
	`checked_in_at` integer NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	PRIMARY KEY(`workshop_id`, `member_id`),
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `check_ins_member_idx` ON `check_ins` (`member_id`);