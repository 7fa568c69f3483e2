-- What the refreshers report's kept facts read (app/models/refresher-facts.server.ts), told apart from the rest:
-- row 4 moves when a member's organisation or tier changes (row 2 did), row 5 when a member's status changes,
-- and row 2 now also when a completion's expiry or module title changes.
INSERT INTO `report_version` (`id`, `version`) VALUES (4, 0), (5, 0);
--> statement-breakpoint
DROP TRIGGER `report_version_members_update`;
--> statement-breakpoint
CREATE TRIGGER `report_version_members_update` AFTER UPDATE OF `organisation_id`, `tier` ON `members` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 4; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_members_status` AFTER UPDATE OF `status` ON `members` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 5; END;
--> statement-breakpoint
DROP TRIGGER `report_version_completions_update`;
--> statement-breakpoint
CREATE TRIGGER `report_version_completions_update` AFTER UPDATE OF `member_id`, `module_id`, `completed_at`, `expires_at`, `module_title` ON `completions` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 2; END;
