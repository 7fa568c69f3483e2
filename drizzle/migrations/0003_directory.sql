CREATE TABLE `circumstance_specialisms` (
	`circumstance_id` text NOT NULL,
	`specialism_id` text NOT NULL,
	PRIMARY KEY(`circumstance_id`, `specialism_id`),
	FOREIGN KEY (`circumstance_id`) REFERENCES `circumstances`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`specialism_id`) REFERENCES `specialisms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `circumstances` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `contact_districts` (
	`contact_id` integer NOT NULL,
	`district_id` text NOT NULL,
	PRIMARY KEY(`contact_id`, `district_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_districts_district_idx` ON `contact_districts` (`district_id`);--> statement-breakpoint
CREATE TABLE `contact_specialisms` (
	`contact_id` integer NOT NULL,
	`specialism_id` text NOT NULL,
	PRIMARY KEY(`contact_id`, `specialism_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`specialism_id`) REFERENCES `specialisms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contact_specialisms_specialism_idx` ON `contact_specialisms` (`specialism_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`is_go_to` integer DEFAULT false NOT NULL,
	`how_to_contact` text DEFAULT '' NOT NULL,
	`direct_phone` text,
	`show_direct_phone` integer DEFAULT false NOT NULL,
	`mobile` text,
	`show_mobile` integer DEFAULT false NOT NULL,
	`last_confirmed_at` integer NOT NULL,
	`confirm_token` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_member_id_unique` ON `contacts` (`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_confirm_token_unique` ON `contacts` (`confirm_token`);--> statement-breakpoint
CREATE INDEX `contacts_confirmed_idx` ON `contacts` (`last_confirmed_at`);--> statement-breakpoint
CREATE TABLE `directory_access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`viewer_id` integer NOT NULL,
	`action` text NOT NULL,
	`contact_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`viewer_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `directory_access_log_contact_idx` ON `directory_access_log` (`contact_id`);--> statement-breakpoint
CREATE INDEX `directory_access_log_viewer_idx` ON `directory_access_log` (`viewer_id`);--> statement-breakpoint
CREATE TABLE `district_referral_details` (
	`district_id` text PRIMARY KEY NOT NULL,
	`referral_route` text DEFAULT '' NOT NULL,
	`referral_inbox` text,
	`office_hours` text DEFAULT '' NOT NULL,
	`procedure_summary` text DEFAULT '' NOT NULL,
	`duty_to_refer_contact_id` integer,
	`deputy_contact_id` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`duty_to_refer_contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deputy_contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `specialisms` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL
);
