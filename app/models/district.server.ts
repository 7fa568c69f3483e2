import { asc } from "drizzle-orm";
import { districts, type District } from "../../drizzle/schema";
import { getDb, type Db } from "~/lib/db.server";

export function listDistricts(db: Db = getDb()) {
  return db.select().from(districts).orderBy(asc(districts.name)).all();
}

export function createDistrict(input: Omit<District, "createdAt">, db: Db = getDb()) {
  db.insert(districts).values(input).run();
}
