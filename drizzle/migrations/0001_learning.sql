CREATE TABLE `check_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`module_id` text NOT NULL,
	`module_version` integer NOT NULL,
	`content_hash` text NOT NULL,
	`submission_token` text NOT NULL,
	`answers` text NOT NULL,
	`score` integer NOT NULL,
	`passed` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_attempts_token_idx` ON `check_attempts` (`member_id`,`submission_token`);--> statement-breakpoint
CREATE INDEX `check_attempts_member_module_idx` ON `check_attempts` (`member_id`,`module_id`);--> statement-breakpoint
CREATE TABLE `completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`module_id` text NOT NULL,
	`module_version` integer NOT NULL,
	`content_hash` text NOT NULL,
	`attempt_id` integer NOT NULL,
	`score` integer NOT NULL,
	`learner_name` text NOT NULL,
	`organisation_name` text,
	`module_title` text NOT NULL,
	`tier` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`expires_at` integer,
	`certificate_code` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `check_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `completions_attempt_id_unique` ON `completions` (`attempt_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `completions_certificate_code_unique` ON `completions` (`certificate_code`);--> statement-breakpoint
CREATE INDEX `completions_member_module_idx` ON `completions` (`member_id`,`module_id`,`completed_at`);--> statement-breakpoint
CREATE INDEX `completions_module_idx` ON `completions` (`module_id`,`completed_at`);--> statement-breakpoint
CREATE TABLE `lesson_progress` (
	`member_id` integer NOT NULL,
	`module_id` text NOT NULL,
	`lesson_id` text NOT NULL,
	`module_version` integer NOT NULL,
	`completed_at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `module_id`, `lesson_id`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
