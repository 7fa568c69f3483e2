-- Full-text search over the directory (FTS5). One row per contact, kept up to
-- date by app/models/contact.server.ts (reindexContact) whenever a contact,
-- its member or its organisation changes. Prefix indexes make partial words fast.
CREATE VIRTUAL TABLE `contacts_fts` USING fts5(
  `name`,
  `job_title`,
  `organisation`,
  `specialisms`,
  `districts`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
