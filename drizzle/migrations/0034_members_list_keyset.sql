CREATE TABLE `members_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `members_organisation_idx`;--> statement-breakpoint
DROP INDEX `members_role_idx`;--> statement-breakpoint
DROP INDEX `members_name_idx`;--> statement-breakpoint
DROP INDEX `members_tier_status_idx`;--> statement-breakpoint
CREATE INDEX `members_organisation_idx` ON `members` (`organisation_id`,`name`);--> statement-breakpoint
CREATE INDEX `members_role_idx` ON `members` (`role`,`name`);--> statement-breakpoint
CREATE INDEX `members_name_idx` ON `members` (`name`,`id`,`status`,`tier`,`role`,`email`,`job_title`);--> statement-breakpoint
CREATE INDEX `members_tier_status_idx` ON `members` (`tier`,`status`,`name`);--> statement-breakpoint
INSERT INTO `members_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `members_version_members_insert` AFTER INSERT ON `members` BEGIN UPDATE `members_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `members_version_members_delete` AFTER DELETE ON `members` BEGIN UPDATE `members_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `members_version_members_update` AFTER UPDATE OF `name`, `email`, `job_title`, `organisation_id`, `role`, `tier`, `status` ON `members` BEGIN UPDATE `members_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `members_version_organisations_district` AFTER UPDATE OF `district_id` ON `organisations` BEGIN UPDATE `members_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
