CREATE TABLE `champion_gaps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`reason` text NOT NULL,
	`closed_at` integer,
	`successor_member_id` integer,
	`closed_by` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`successor_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `champion_gaps_one_open_idx` ON `champion_gaps` (`organisation_id`) WHERE closed_at IS NULL;--> statement-breakpoint
CREATE INDEX `champion_gaps_organisation_idx` ON `champion_gaps` (`organisation_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `champion_gaps_open_idx` ON `champion_gaps` (`closed_at`,`opened_at`,`id`);--> statement-breakpoint
CREATE INDEX `champion_gaps_opened_idx` ON `champion_gaps` (`opened_at`);--> statement-breakpoint
CREATE TABLE `place_holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workshop_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`held_by` integer,
	`status` text DEFAULT 'held' NOT NULL,
	`held_until` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`held_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `place_holds_one_held_idx` ON `place_holds` (`workshop_id`,`member_id`) WHERE status = 'held';--> statement-breakpoint
CREATE INDEX `place_holds_workshop_status_idx` ON `place_holds` (`workshop_id`,`status`);--> statement-breakpoint
CREATE INDEX `place_holds_member_idx` ON `place_holds` (`member_id`);--> statement-breakpoint
CREATE INDEX `place_holds_status_until_idx` ON `place_holds` (`status`,`held_until`);--> statement-breakpoint
CREATE TABLE `successor_nominations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`champion_id` integer NOT NULL,
	`successor_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`champion_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`successor_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `successor_nominations_organisation_idx` ON `successor_nominations` (`organisation_id`,`status`);