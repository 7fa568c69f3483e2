CREATE TABLE `organisation_former_names` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`until` integer NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organisation_former_names_organisation_idx` ON `organisation_former_names` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `organisation_former_names_slug_idx` ON `organisation_former_names` (`slug`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `closed_at` integer;