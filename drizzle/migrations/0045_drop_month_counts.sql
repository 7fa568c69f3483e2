-- The impact report counts from kept facts (app/models/prevention-facts.server.ts, training-facts.server.ts;
-- migration 0044): the month counts of migration 0033, each member's last training of migration 0035, their
-- triggers and the median's wait index are no longer read.
DROP TRIGGER `prevention_actions_counts_insert`;--> statement-breakpoint
DROP TRIGGER `prevention_actions_counts_update`;--> statement-breakpoint
DROP TRIGGER `prevention_actions_counts_delete`;--> statement-breakpoint
DROP TRIGGER `completions_last_trained_insert`;--> statement-breakpoint
DROP TRIGGER `completions_last_trained_update`;--> statement-breakpoint
DROP TRIGGER `completions_last_trained_delete`;--> statement-breakpoint
DROP TRIGGER `attendance_last_trained_insert`;--> statement-breakpoint
DROP TRIGGER `attendance_last_trained_update`;--> statement-breakpoint
DROP TRIGGER `attendance_last_trained_delete`;--> statement-breakpoint
DROP TRIGGER `workshops_last_trained_update`;--> statement-breakpoint
DROP TABLE `prevention_district_months`;--> statement-breakpoint
DROP TABLE `prevention_organisation_months`;--> statement-breakpoint
DROP TABLE `member_last_trained`;--> statement-breakpoint
DROP INDEX `prevention_actions_acknowledge_wait_idx`;
