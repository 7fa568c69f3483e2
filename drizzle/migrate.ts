/** Applies the migrations in drizzle/migrations to DATABASE_URL (default data/champions.db). */
import { closeDb, getDb, migrateDatabase } from "../app/lib/db.server";

migrateDatabase(getDb());
closeDb();
console.log("Database migrated.");
