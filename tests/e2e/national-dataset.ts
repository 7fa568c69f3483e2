/**
 * The end-to-end tests' second server's database (playwright.config.ts): the
 * national dataset's shape (drizzle/seed-scale.ts) with a fiftieth of its members,
 * seeded in seconds. It is large enough for what pages only show at national
 * size: more than 30 districts, so the district filters are a text field
 * (app/lib/district-choice.ts), and more than 200 organisations with
 * prevention actions in a year, so the impact page leaves the organisation
 * tables to their CSVs (impactPageLimits). The county demo data has 5 and 25.
 *
 *   DATABASE_URL=tests/.tmp/national.db tsx tests/e2e/national-dataset.ts
 */
import path from "node:path";
import { seedScale, type Scale } from "../../drizzle/seed-scale";

const NATIONAL_SHAPE: Scale = {
  authorities: 40,
  organisations: 400,
  members: 2_000,
  lessonProgress: 20_000,
  completions: 6_000,
  workshops: 100,
  bookings: 2_000,
  contacts: 400,
};

const file = process.env.DATABASE_URL;
if (!file) throw new Error("DATABASE_URL names the database to write");
await seedScale(path.resolve(file), { scale: NATIONAL_SHAPE });
