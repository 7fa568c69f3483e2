-- The directory's version: bumped by triggers whenever a table the directory
-- reads changes, whichever connection or process writes. Directory reads that
-- are the same for every member are cached while it stays the same
-- (app/lib/directory-cache.server.ts).
CREATE TABLE `directory_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `directory_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `directory_version_contacts_insert` AFTER INSERT ON `contacts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_contacts_update` AFTER UPDATE ON `contacts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_contacts_delete` AFTER DELETE ON `contacts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_contact_districts_insert` AFTER INSERT ON `contact_districts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_contact_districts_update` AFTER UPDATE ON `contact_districts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_contact_districts_delete` AFTER DELETE ON `contact_districts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_contact_specialisms_insert` AFTER INSERT ON `contact_specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_contact_specialisms_update` AFTER UPDATE ON `contact_specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_contact_specialisms_delete` AFTER DELETE ON `contact_specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_specialisms_insert` AFTER INSERT ON `specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_specialisms_update` AFTER UPDATE ON `specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_specialisms_delete` AFTER DELETE ON `specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_circumstances_insert` AFTER INSERT ON `circumstances` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_circumstances_update` AFTER UPDATE ON `circumstances` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_circumstances_delete` AFTER DELETE ON `circumstances` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_circumstance_specialisms_insert` AFTER INSERT ON `circumstance_specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_circumstance_specialisms_update` AFTER UPDATE ON `circumstance_specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_circumstance_specialisms_delete` AFTER DELETE ON `circumstance_specialisms` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_district_referral_details_insert` AFTER INSERT ON `district_referral_details` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_district_referral_details_update` AFTER UPDATE ON `district_referral_details` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_district_referral_details_delete` AFTER DELETE ON `district_referral_details` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_districts_insert` AFTER INSERT ON `districts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_districts_update` AFTER UPDATE ON `districts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_districts_delete` AFTER DELETE ON `districts` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_organisations_insert` AFTER INSERT ON `organisations` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_organisations_update` AFTER UPDATE ON `organisations` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_organisations_delete` AFTER DELETE ON `organisations` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_members_update` AFTER UPDATE OF `name`, `job_title`, `email`, `organisation_id`, `status` ON `members` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `directory_version_members_delete` AFTER DELETE ON `members` BEGIN UPDATE `directory_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
