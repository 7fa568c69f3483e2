ALTER TABLE `members` ADD `tier1_since` integer;--> statement-breakpoint
-- Tier 1 members already here: since the last time the audit log shows them moved to Tier 1, else since they joined.
UPDATE `members` SET `tier1_since` = coalesce(
  (SELECT max(a.`created_at`) FROM `audit_events` a
    WHERE a.`entity_type` = 'member' AND a.`entity_id` = CAST(`members`.`id` AS TEXT)
      AND json_valid(a.`after`) AND json_valid(a.`before`)
      AND json_extract(a.`after`, '$.tier') = 1 AND json_extract(a.`before`, '$.tier') <> 1),
  `created_at`)
WHERE `tier` = 1;
