-- What the impact report's kept facts read (app/models/prevention-facts.server.ts): report version row 6 moves
-- when a prevention action is logged, row 7 when one is changed in anything the report counts, or removed.
INSERT INTO `report_version` (`id`, `version`) VALUES (6, 0), (7, 0);
--> statement-breakpoint
CREATE TRIGGER `report_version_prevention_actions_insert` AFTER INSERT ON `prevention_actions` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 6; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_prevention_actions_delete` AFTER DELETE ON `prevention_actions` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 7; END;
--> statement-breakpoint
CREATE TRIGGER `report_version_prevention_actions_update` AFTER UPDATE OF `organisation_id`, `district_id`, `action_on`, `earliness`, `outcome`, `action`, `acknowledged_at`, `created_at` ON `prevention_actions` BEGIN UPDATE `report_version` SET `version` = `version` + 1 WHERE `id` = 7; END;
