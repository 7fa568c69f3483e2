CREATE INDEX `members_name_idx` ON `members` (`name`);--> statement-breakpoint
CREATE INDEX `members_created_idx` ON `members` (`created_at`);--> statement-breakpoint
CREATE INDEX `members_deactivated_idx` ON `members` (`deactivated_at`);--> statement-breakpoint
CREATE INDEX `topic_supports_member_idx` ON `topic_supports` (`member_id`);--> statement-breakpoint
CREATE INDEX `workshop_feedback_member_idx` ON `workshop_feedback` (`member_id`);