CREATE INDEX `outbox_text_created_idx` ON `outbox` (`created_at`) WHERE body <> '';--> statement-breakpoint
-- Emails already sent lose the secret in their link now, as new ones do when sent (withoutSecretLinks in app/models/outbox.server.ts): an invitation's /invite/<token> and a confirmation's /directory/confirm/<token>, each written once per email and ended by a line break. Emails older than 30 days lose their text at the next run of the jobs.
UPDATE `outbox` SET `body` = substr(`body`, 1, instr(`body`, '/invite/') + 7) || '[removed once sent]' || substr(`body`, instr(`body`, '/invite/') + 7 + instr(substr(`body`, instr(`body`, '/invite/') + 8) || char(10), char(10)))
WHERE `status` = 'sent' AND instr(`body`, '/invite/') > 0;--> statement-breakpoint
UPDATE `outbox` SET `body` = substr(`body`, 1, instr(`body`, '/directory/confirm/') + 18) || '[removed once sent]' || substr(`body`, instr(`body`, '/directory/confirm/') + 18 + instr(substr(`body`, instr(`body`, '/directory/confirm/') + 19) || char(10), char(10)))
WHERE `status` = 'sent' AND instr(`body`, '/directory/confirm/') > 0;
