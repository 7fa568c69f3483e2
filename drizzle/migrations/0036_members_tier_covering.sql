DROP INDEX `members_tier_status_idx`;--> statement-breakpoint
CREATE INDEX `members_tier_status_idx` ON `members` (`tier`,`status`,`name`,`organisation_id`,`tier1_since`);