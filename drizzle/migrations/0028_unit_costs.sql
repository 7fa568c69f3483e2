CREATE TABLE `unit_costs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`amount_pence` integer NOT NULL,
	`unit` text NOT NULL,
	`units_per_case` real NOT NULL,
	`applies_to` text NOT NULL,
	`source` text NOT NULL,
	`year` integer NOT NULL,
	`is_assumption` integer NOT NULL,
	`basis` text DEFAULT '' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_costs_key_unique` ON `unit_costs` (`key`);--> statement-breakpoint
INSERT INTO `unit_costs` (`key`, `label`, `amount_pence`, `unit`, `units_per_case`, `applies_to`, `source`, `year`, `is_assumption`, `basis`, `sort_order`, `updated_at`) VALUES ('hospital-bed-day', 'Hospital bed day (delayed discharge)', 45100, 'bed day', 30.5, 'prevented-through-health', 'New Economy Manchester Unit Cost Database (indexed figure), as cited in the Oxfordshire Homelessness Prevention Trailblazer review of the programme''s first year', 2018, 0, 'Cited: £451 per bed per day (the review''s data chapter and its hospital pilot). Days per case: 30.5, the review''s average delayed discharge in Oxfordshire hospitals when housing was the only reason for the delay (April 2017 to February 2018). Counting 30.5 bed days for every prevention that came through a health organisation is an assumption.', 1, 1800000000000);
--> statement-breakpoint
INSERT INTO `unit_costs` (`key`, `label`, `amount_pence`, `unit`, `units_per_case`, `applies_to`, `source`, `year`, `is_assumption`, `basis`, `sort_order`, `updated_at`) VALUES ('temporary-accommodation-night', 'Temporary accommodation placement', 4000, 'night', 28, 'prevented', 'Assumption of the network: no published source in its documents', 2026, 1, 'A placeholder of £40 a night and 28 nights avoided for each prevented case, both assumed so that the estimate has a line for temporary accommodation. Replace them with the district councils'' own cost per night and typical length of stay.', 2, 1800000000000);
