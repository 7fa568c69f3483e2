CREATE TABLE `toolkit_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`card_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`kind` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`data` blob NOT NULL,
	`uploaded_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`card_id`) REFERENCES `toolkit_cards`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `toolkit_attachments_card_idx` ON `toolkit_attachments` (`card_id`);--> statement-breakpoint
CREATE TABLE `toolkit_card_circumstances` (
	`card_id` integer NOT NULL,
	`circumstance_id` text NOT NULL,
	PRIMARY KEY(`card_id`, `circumstance_id`),
	FOREIGN KEY (`card_id`) REFERENCES `toolkit_cards`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`circumstance_id`) REFERENCES `circumstances`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `toolkit_card_circumstances_circumstance_idx` ON `toolkit_card_circumstances` (`circumstance_id`);--> statement-breakpoint
CREATE TABLE `toolkit_card_districts` (
	`card_id` integer NOT NULL,
	`district_id` text NOT NULL,
	PRIMARY KEY(`card_id`, `district_id`),
	FOREIGN KEY (`card_id`) REFERENCES `toolkit_cards`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `toolkit_card_districts_district_idx` ON `toolkit_card_districts` (`district_id`);--> statement-breakpoint
CREATE TABLE `toolkit_card_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`card_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`body` text NOT NULL,
	`visibility` text NOT NULL,
	`districts` text NOT NULL,
	`circumstances` text NOT NULL,
	`sectors` text NOT NULL,
	`owner_id` integer NOT NULL,
	`review_on` text NOT NULL,
	`editor_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`card_id`) REFERENCES `toolkit_cards`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`owner_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`editor_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `toolkit_card_versions_card_number_idx` ON `toolkit_card_versions` (`card_id`,`number`);--> statement-breakpoint
CREATE TABLE `toolkit_cards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`visibility` text NOT NULL,
	`sectors` text DEFAULT '[]' NOT NULL,
	`owner_id` integer NOT NULL,
	`review_on` text NOT NULL,
	`current_version` integer DEFAULT 1 NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `toolkit_cards_slug_unique` ON `toolkit_cards` (`slug`);--> statement-breakpoint
CREATE INDEX `toolkit_cards_review_idx` ON `toolkit_cards` (`review_on`);--> statement-breakpoint
CREATE INDEX `toolkit_cards_owner_idx` ON `toolkit_cards` (`owner_id`);--> statement-breakpoint
CREATE TABLE `toolkit_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`card_id` integer NOT NULL,
	`raised_by_id` integer,
	`comment` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by_id` integer,
	FOREIGN KEY (`card_id`) REFERENCES `toolkit_cards`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`raised_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `toolkit_flags_card_idx` ON `toolkit_flags` (`card_id`,`resolved_at`);--> statement-breakpoint
-- Full-text search over the toolkit (FTS5), one row per card with rowid = the card's id,
-- kept up to date by app/models/toolkit.server.ts (reindexCard) whenever a card changes.
-- Prefix indexes make partial words fast, as in contacts_fts (0004).
CREATE VIRTUAL TABLE `toolkit_cards_fts` USING fts5(
  `title`,
  `body`,
  `tags`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
