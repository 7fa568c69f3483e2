CREATE TABLE `health_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `health_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `health_version_bookings_insert` AFTER INSERT ON `bookings` BEGIN UPDATE `health_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `health_version_bookings_delete` AFTER DELETE ON `bookings` BEGIN UPDATE `health_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `health_version_bookings_update` AFTER UPDATE OF `status`, `workshop_id`, `member_id` ON `bookings` BEGIN UPDATE `health_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `health_version_prevention_actions_insert` AFTER INSERT ON `prevention_actions` BEGIN UPDATE `health_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `health_version_prevention_actions_delete` AFTER DELETE ON `prevention_actions` BEGIN UPDATE `health_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `health_version_prevention_actions_update` AFTER UPDATE OF `action_on`, `outcome`, `follow_up_due_at`, `follow_up_sent_at` ON `prevention_actions` BEGIN UPDATE `health_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `health_version_workshops_title` AFTER UPDATE OF `title` ON `workshops` BEGIN UPDATE `health_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `health_version_members_dates` AFTER UPDATE OF `created_at`, `deactivated_at` ON `members` BEGIN UPDATE `health_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
