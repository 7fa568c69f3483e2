CREATE INDEX `members_id_organisation_idx` ON `members` (`id`,`organisation_id`,`tier`);--> statement-breakpoint
CREATE INDEX `completions_member_module_expiry_idx` ON `completions` (`member_id`,`module_id`,`completed_at`,`expires_at`,`module_title`);--> statement-breakpoint
CREATE INDEX `attendance_workshop_member_status_idx` ON `attendance` (`workshop_id`,`member_id`,`status`);--> statement-breakpoint
CREATE INDEX `bookings_workshop_status_member_idx` ON `bookings` (`workshop_id`,`status`,`member_id`);