CREATE TABLE `report_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `report_version` (`id`, `version`) VALUES (1, 0), (2, 0), (3, 0);
--> statement-breakpoint
CREATE TRIGGER `report_version_completions_insert` AFTER INSERT ON `completions` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_completions_delete` AFTER DELETE ON `completions` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 2; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_completions_update` AFTER UPDATE OF `member_id`, `module_id`, `completed_at` ON `completions` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 2; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_members_update` AFTER UPDATE OF `organisation_id`, `tier` ON `members` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 2; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_organisations_insert` AFTER INSERT ON `organisations` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 3; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_organisations_delete` AFTER DELETE ON `organisations` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 3; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_organisations_update` AFTER UPDATE OF `name`, `district_id` ON `organisations` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 3; END;
