DROP INDEX `cascade_sessions_held_on_idx`;--> statement-breakpoint
CREATE INDEX `cascade_sessions_held_on_audience_idx` ON `cascade_sessions` (`held_on`,`audience_size`);