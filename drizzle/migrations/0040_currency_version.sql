CREATE TABLE `currency_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `currency_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `currency_version_attendance_insert` AFTER INSERT ON `attendance` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_attendance_delete` AFTER DELETE ON `attendance` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_attendance_update` AFTER UPDATE OF `status`, `workshop_id`, `member_id` ON `attendance` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_workshops_insert` AFTER INSERT ON `workshops` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_workshops_delete` AFTER DELETE ON `workshops` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_workshops_update` AFTER UPDATE OF `audience_tier`, `status`, `starts_at`, `ends_at` ON `workshops` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_members_insert` AFTER INSERT ON `members` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_members_delete` AFTER DELETE ON `members` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_members_update` AFTER UPDATE OF `name`, `organisation_id`, `tier`, `status`, `tier1_since` ON `members` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `currency_version_organisations_name` AFTER UPDATE OF `name` ON `organisations` BEGIN UPDATE `currency_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
