-- The impact report counts from kept facts (app/models/prevention-facts.server.ts, migration 0044): the month
-- counts of migration 0033, their triggers and the median's wait index are no longer read.
DROP TRIGGER `prevention_actions_counts_insert`;--> statement-breakpoint
DROP TRIGGER `prevention_actions_counts_update`;--> statement-breakpoint
DROP TRIGGER `prevention_actions_counts_delete`;--> statement-breakpoint
DROP TABLE `prevention_district_months`;--> statement-breakpoint
DROP TABLE `prevention_organisation_months`;--> statement-breakpoint
DROP INDEX `prevention_actions_acknowledge_wait_idx`;
