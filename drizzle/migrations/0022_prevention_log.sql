CREATE TABLE `cascade_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`held_on` text NOT NULL,
	`audience_size` integer NOT NULL,
	`audience_roles` text DEFAULT '' NOT NULL,
	`tier` integer NOT NULL,
	`length_minutes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cascade_sessions_held_on_idx` ON `cascade_sessions` (`held_on`);--> statement-breakpoint
CREATE INDEX `cascade_sessions_organisation_idx` ON `cascade_sessions` (`organisation_id`,`held_on`);--> statement-breakpoint
CREATE INDEX `cascade_sessions_member_idx` ON `cascade_sessions` (`member_id`,`held_on`);--> statement-breakpoint
CREATE TABLE `prevention_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`district_id` text NOT NULL,
	`circumstance_id` text NOT NULL,
	`action_on` text NOT NULL,
	`earliness` text NOT NULL,
	`action` text NOT NULL,
	`note` text,
	`outcome` text,
	`outcome_at` integer,
	`follow_up_due_at` integer NOT NULL,
	`follow_up_sent_at` integer,
	`follow_up_reminded_at` integer,
	`acknowledged_at` integer,
	`acknowledged_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`circumstance_id`) REFERENCES `circumstances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `prevention_actions_action_on_idx` ON `prevention_actions` (`action_on`);--> statement-breakpoint
CREATE INDEX `prevention_actions_district_idx` ON `prevention_actions` (`district_id`,`action_on`);--> statement-breakpoint
CREATE INDEX `prevention_actions_organisation_idx` ON `prevention_actions` (`organisation_id`,`action_on`);--> statement-breakpoint
CREATE INDEX `prevention_actions_member_idx` ON `prevention_actions` (`member_id`,`action_on`);--> statement-breakpoint
CREATE INDEX `prevention_actions_follow_up_idx` ON `prevention_actions` (`follow_up_due_at`) WHERE outcome is null;--> statement-breakpoint
CREATE INDEX `prevention_actions_unacknowledged_idx` ON `prevention_actions` (`district_id`,`action_on`) WHERE action = 'duty-to-refer' and acknowledged_at is null;