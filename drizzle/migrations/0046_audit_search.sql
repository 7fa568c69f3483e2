CREATE INDEX `audit_events_type_created_idx` ON `audit_events` (`entity_type`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_id`);--> statement-breakpoint
-- Audit search by any part of a word (app/models/audit.server.ts): a trigram index of each entry's summary,
-- action and values before and after, read from audit_events itself (external content, so the text is not
-- stored twice) and kept in step by the triggers below. The index finds candidates; the search still checks
-- each with LIKE, so it answers exactly what it did without the index.
CREATE VIRTUAL TABLE `audit_events_fts` USING fts5(
  `summary`,
  `action`,
  `before`,
  `after`,
  content = 'audit_events',
  content_rowid = 'id',
  tokenize = 'trigram'
);
--> statement-breakpoint
-- Erasing a person's data rewrites their audit entries (personal-data.server.ts): secure-delete removes the old
-- text's trigrams from the index at once, rather than leaving them until a merge.
INSERT INTO `audit_events_fts` (`audit_events_fts`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
INSERT INTO `audit_events_fts` (`audit_events_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `audit_events_fts_insert` AFTER INSERT ON `audit_events` BEGIN
  INSERT INTO `audit_events_fts` (`rowid`, `summary`, `action`, `before`, `after`)
    VALUES (new.`id`, new.`summary`, new.`action`, new.`before`, new.`after`);
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_fts_delete` AFTER DELETE ON `audit_events` BEGIN
  INSERT INTO `audit_events_fts` (`audit_events_fts`, `rowid`, `summary`, `action`, `before`, `after`)
    VALUES ('delete', old.`id`, old.`summary`, old.`action`, old.`before`, old.`after`);
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_fts_update` AFTER UPDATE OF `summary`, `action`, `before`, `after` ON `audit_events` BEGIN
  INSERT INTO `audit_events_fts` (`audit_events_fts`, `rowid`, `summary`, `action`, `before`, `after`)
    VALUES ('delete', old.`id`, old.`summary`, old.`action`, old.`before`, old.`after`);
  INSERT INTO `audit_events_fts` (`rowid`, `summary`, `action`, `before`, `after`)
    VALUES (new.`id`, new.`summary`, new.`action`, new.`before`, new.`after`);
END;
