CREATE TABLE `import_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_uploads_expires_idx` ON `import_uploads` (`expires_at`);