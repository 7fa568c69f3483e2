CREATE TABLE `member_last_trained` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`trained_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_last_trained_at_idx` ON `member_last_trained` (`trained_at`);
--> statement-breakpoint
-- When each member last trained (a completion, or a workshop attended, by its start), kept by triggers on every
-- write to completions, attendance and a workshop's start: the whole-network impact report counts the people trained
-- directly since a date by member_last_trained_at_idx. A new completion or attendance can only move the date later;
-- any other change works the member's date out again from their rows.
INSERT INTO `member_last_trained` (`member_id`, `trained_at`)
  SELECT `member_id`, max(`at`) FROM (
    SELECT `member_id`, `completed_at` AS `at` FROM `completions`
    UNION ALL
    SELECT a.`member_id`, w.`starts_at` FROM `attendance` a JOIN `workshops` w ON w.`id` = a.`workshop_id`
      WHERE a.`status` = 'attended'
  ) GROUP BY `member_id`;
--> statement-breakpoint
CREATE TRIGGER completions_last_trained_insert AFTER INSERT ON completions BEGIN
  INSERT INTO `member_last_trained` (`member_id`, `trained_at`) VALUES (NEW.`member_id`, NEW.`completed_at`)
    ON CONFLICT (`member_id`) DO UPDATE SET `trained_at` = max(`trained_at`, excluded.`trained_at`);
END;
--> statement-breakpoint
CREATE TRIGGER completions_last_trained_update AFTER UPDATE OF member_id, completed_at ON completions BEGIN
  DELETE FROM `member_last_trained` WHERE `member_id` IN (OLD.`member_id`, NEW.`member_id`);
  INSERT INTO `member_last_trained` (`member_id`, `trained_at`)
    SELECT `member_id`, max(`at`) FROM (
      SELECT `member_id`, max(`completed_at`) AS `at` FROM `completions` WHERE `member_id` IN (OLD.`member_id`, NEW.`member_id`) GROUP BY `member_id`
      UNION ALL
      SELECT a.`member_id`, max(w.`starts_at`) FROM `attendance` a JOIN `workshops` w ON w.`id` = a.`workshop_id`
        WHERE a.`member_id` IN (OLD.`member_id`, NEW.`member_id`) AND a.`status` = 'attended' GROUP BY a.`member_id`
    ) WHERE `member_id` IN (SELECT `id` FROM `members`) GROUP BY `member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER completions_last_trained_delete AFTER DELETE ON completions BEGIN
  DELETE FROM `member_last_trained` WHERE `member_id` IN (OLD.`member_id`);
  INSERT INTO `member_last_trained` (`member_id`, `trained_at`)
    SELECT `member_id`, max(`at`) FROM (
      SELECT `member_id`, max(`completed_at`) AS `at` FROM `completions` WHERE `member_id` IN (OLD.`member_id`) GROUP BY `member_id`
      UNION ALL
      SELECT a.`member_id`, max(w.`starts_at`) FROM `attendance` a JOIN `workshops` w ON w.`id` = a.`workshop_id`
        WHERE a.`member_id` IN (OLD.`member_id`) AND a.`status` = 'attended' GROUP BY a.`member_id`
    ) WHERE `member_id` IN (SELECT `id` FROM `members`) GROUP BY `member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER attendance_last_trained_insert AFTER INSERT ON attendance WHEN NEW.`status` = 'attended' BEGIN
  INSERT INTO `member_last_trained` (`member_id`, `trained_at`)
    SELECT NEW.`member_id`, `starts_at` FROM `workshops` WHERE `id` = NEW.`workshop_id`
    ON CONFLICT (`member_id`) DO UPDATE SET `trained_at` = max(`trained_at`, excluded.`trained_at`);
END;
--> statement-breakpoint
CREATE TRIGGER attendance_last_trained_update AFTER UPDATE OF member_id, workshop_id, status ON attendance BEGIN
  DELETE FROM `member_last_trained` WHERE `member_id` IN (OLD.`member_id`, NEW.`member_id`);
  INSERT INTO `member_last_trained` (`member_id`, `trained_at`)
    SELECT `member_id`, max(`at`) FROM (
      SELECT `member_id`, max(`completed_at`) AS `at` FROM `completions` WHERE `member_id` IN (OLD.`member_id`, NEW.`member_id`) GROUP BY `member_id`
      UNION ALL
      SELECT a.`member_id`, max(w.`starts_at`) FROM `attendance` a JOIN `workshops` w ON w.`id` = a.`workshop_id`
        WHERE a.`member_id` IN (OLD.`member_id`, NEW.`member_id`) AND a.`status` = 'attended' GROUP BY a.`member_id`
    ) WHERE `member_id` IN (SELECT `id` FROM `members`) GROUP BY `member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER attendance_last_trained_delete AFTER DELETE ON attendance BEGIN
  DELETE FROM `member_last_trained` WHERE `member_id` IN (OLD.`member_id`);
  INSERT INTO `member_last_trained` (`member_id`, `trained_at`)
    SELECT `member_id`, max(`at`) FROM (
      SELECT `member_id`, max(`completed_at`) AS `at` FROM `completions` WHERE `member_id` IN (OLD.`member_id`) GROUP BY `member_id`
      UNION ALL
      SELECT a.`member_id`, max(w.`starts_at`) FROM `attendance` a JOIN `workshops` w ON w.`id` = a.`workshop_id`
        WHERE a.`member_id` IN (OLD.`member_id`) AND a.`status` = 'attended' GROUP BY a.`member_id`
    ) WHERE `member_id` IN (SELECT `id` FROM `members`) GROUP BY `member_id`;
END;
--> statement-breakpoint
CREATE TRIGGER workshops_last_trained_update AFTER UPDATE OF starts_at ON workshops BEGIN
  DELETE FROM `member_last_trained` WHERE `member_id` IN (SELECT `member_id` FROM `attendance` WHERE `workshop_id` = NEW.`id`);
  INSERT INTO `member_last_trained` (`member_id`, `trained_at`)
    SELECT `member_id`, max(`at`) FROM (
      SELECT `member_id`, max(`completed_at`) AS `at` FROM `completions` WHERE `member_id` IN (SELECT `member_id` FROM `attendance` WHERE `workshop_id` = NEW.`id`) GROUP BY `member_id`
      UNION ALL
      SELECT a.`member_id`, max(w.`starts_at`) FROM `attendance` a JOIN `workshops` w ON w.`id` = a.`workshop_id`
        WHERE a.`member_id` IN (SELECT `member_id` FROM `attendance` WHERE `workshop_id` = NEW.`id`) AND a.`status` = 'attended' GROUP BY a.`member_id`
    ) WHERE `member_id` IN (SELECT `id` FROM `members`) GROUP BY `member_id`;
END;
