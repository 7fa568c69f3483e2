/** npm run backup: a consistent copy of the live database into BACKUP_DIR (default data/backups). */
import path from "node:path";
import { backupDatabase } from "./lib/backup.server";

const source = path.resolve(process.env.DATABASE_URL ?? "data/champions.db");
const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace("T", "_").slice(0, 19);
const destination = path.resolve(process.env.BACKUP_DIR ?? "data/backups", `champions-${stamp}.db`);
try {
  const { bytes } = await backupDatabase({ source, destination });
  console.log(`Backed up ${source} to ${destination} (${Math.round(bytes / 1024)} KB); integrity check ok.`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
