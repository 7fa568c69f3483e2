/** npm run restore -- <backup file>: checks the backup, then puts it in place of DATABASE_URL. Stop the server first. */
import path from "node:path";
import { restoreDatabase } from "./lib/backup.server";

const backup = process.argv[2];
if (!backup) {
  console.error("Say which backup to restore: npm run restore -- data/backups/champions-<date>.db");
  process.exit(1);
}
const target = path.resolve(process.env.DATABASE_URL ?? "data/champions.db");
try {
  restoreDatabase({ backup: path.resolve(backup), target });
  console.log(
    `Restored ${backup} to ${target}. The previous database is at ${target}.before-restore. Start the server again.`,
  );
} catch (error) {
  console.error(`Restore failed: ${(error as Error).message}`);
  process.exit(1);
}
