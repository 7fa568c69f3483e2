CREATE TABLE `barrier_districts` (
	`barrier_id` integer NOT NULL,
	`district_id` text NOT NULL,
	PRIMARY KEY(`barrier_id`, `district_id`),
	FOREIGN KEY (`barrier_id`) REFERENCES `barriers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `barrier_organisations` (
	`barrier_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	PRIMARY KEY(`barrier_id`, `organisation_id`),
	FOREIGN KEY (`barrier_id`) REFERENCES `barriers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `barrier_organisations_organisation_idx` ON `barrier_organisations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `barrier_supports` (
	`barrier_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`barrier_id`, `member_id`),
	FOREIGN KEY (`barrier_id`) REFERENCES `barriers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `barrier_supports_member_idx` ON `barrier_supports` (`member_id`);--> statement-breakpoint
CREATE TABLE `barrier_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`barrier_id` integer NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`changed_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`barrier_id`) REFERENCES `barriers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`changed_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `barrier_updates_barrier_idx` ON `barrier_updates` (`barrier_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `barriers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`what_happened` text NOT NULL,
	`where_it_happens` text NOT NULL,
	`frequency` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`raised_by` integer NOT NULL,
	`workshop_id` integer,
	`toolkit_card_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`raised_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`toolkit_card_id`) REFERENCES `toolkit_cards`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `barriers_status_idx` ON `barriers` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `barriers_raised_by_idx` ON `barriers` (`raised_by`);