/**
 * How long each coordinator list takes to read at national scale: the model
 * calls each page's loader makes, timed in-process against a COPY of the
 * national dataset (it is migrated, and given an audit log if it has none),
 * several runs each, with the median and worst. Reports are read without their
 * cache, as after any write. A script, not a timed test.
 *
 *   cp data/national.db /tmp/lists-bench.db
 *   LISTS_DATABASE_URL=/tmp/lists-bench.db npx tsx tests/bench/coordinator-lists.ts [name filter]
 */
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase, type Db } from "~/lib/db.server";
import { listAuditEvents, pageAuditEvents } from "~/models/audit.server";
import { getCurrencyTab, listTier1Currency, tier1CurrencyFor, tier1Rule } from "~/models/currency.server";
import { listDistricts } from "~/models/district.server";
import {
  countMembers,
  listMemberPlaces,
  listMembers,
  listMembersByIds,
  pageMembers,
  type MemberFilters,
} from "~/models/member.server";
import { getNetworkHealth } from "~/models/network-health.server";
import { countOrganisations, listOrganisationChoices, listOrganisations } from "~/models/organisation.server";
import { readReport } from "~/models/report.server";
import { listWorkshopPage } from "~/models/workshop.server";
import { REPORT_IDS } from "~/validation/report-filters";

const file = process.env.LISTS_DATABASE_URL;
if (!file || path.resolve(file) === path.resolve("data/national.db")) {
  throw new Error("Set LISTS_DATABASE_URL to a copy of data/national.db: this script migrates and writes to it.");
}
const db = openDatabase(path.resolve(file));
migrateDatabase(db);
const sqlite = db.$client;
if ((sqlite.prepare("SELECT count(*) AS n FROM audit_events").get() as { n: number }).n === 0) {
  // A national year of coordinator changes: one entry per member.
  sqlite.exec(`INSERT INTO audit_events (actor_id, action, entity_type, entity_id, summary, before, after, created_at)
    SELECT 1, 'member.updated', 'member', id, 'Changed tier of ' || name, '{"tier":3}', '{"tier":1}', created_at
    FROM members`);
  sqlite.exec("ANALYZE");
}

const PAGE = 50;
const one = <T>(query: string) => sqlite.prepare(query).get() as T;
const organisationId = one<{ id: number }>(
  `SELECT organisation_id AS id FROM members
    WHERE tier = 1 AND organisation_id IN (SELECT id FROM organisations WHERE district_id IS NOT NULL) LIMIT 1`,
).id;
const districtId = one<{ id: string }>(`SELECT district_id AS id FROM organisations WHERE id = ${organisationId}`).id;
const coordinator = one<{ id: number }>("SELECT id FROM members WHERE role = 'coordinator' LIMIT 1").id;
const deepEvent = one<{ id: number }>(
  `SELECT id FROM audit_events ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ${999 * PAGE - 1}`,
).id;
const rule = tier1Rule();
const year = new Date(Date.now() - 365 * 86_400_000);

/** A member id `pages` pages into the list with these filters: the cursor a person reaches by paging. */
function cursorAt(filters: MemberFilters, pages: number) {
  if (pages <= 1) return undefined;
  return listMembers(filters, db, { limit: 1, offset: (pages - 1) * PAGE - 1 })[0]?.id;
}

/** What the members list's loader reads for these filters and this page (without the currency filter). */
function membersPage(filters: MemberFilters, pages: number) {
  const after = cursorAt(filters, pages);
  return (d: Db) => {
    countMembers(filters, d);
    const { members } = pageMembers(filters, { after, limit: PAGE }, d);
    tier1CurrencyFor({ memberIds: members.filter((m) => m.tier === 1).map((m) => m.id) }, d);
    listDistricts(d);
    listOrganisationChoices({ districtId: filters.districtId, includeIds: [filters.organisationId] }, d);
    return members;
  };
}

/** The members list filtered by currency: every matching champion's currency, then a page. */
function membersByCurrency(filters: MemberFilters, d: Db) {
  const champions = listMemberPlaces({ ...filters, tier: 1 }, d);
  const currency = tier1CurrencyFor(
    {
      memberIds: champions.map((m) => m.id),
      tier1SinceById: new Map(champions.map((m) => [m.id, m.tier1Since])),
    },
    d,
  ).byMember;
  const wanted = champions.filter((m) => currency.get(m.id)?.currency === "lapsed").map((m) => m.id);
  return listMembersByIds({ ids: wanted.slice(0, PAGE) }, d);
}

const cases: Record<string, (d: Db) => unknown> = {
  "members, everyone, page 1": membersPage({}, 1),
  "members, everyone, page 100": membersPage({}, 100),
  "members, everyone, page 1000": membersPage({}, 1000),
  "members, everyone, last page": membersPage({}, 2000),
  "members, active, page 500": membersPage({ status: "active" }, 500),
  "members, deactivated, page 1": membersPage({ status: "deactivated" }, 1),
  "members, tier 1, page 100": membersPage({ tier: 1 }, 100),
  "members, tier 3, page 1000": membersPage({ tier: 3 }, 1000),
  "members, role learner, page 1000": membersPage({ role: "learner" }, 1000),
  "members, role coordinator, page 1": membersPage({ role: "coordinator" }, 1),
  "members, district, page 1": membersPage({ districtId }, 1),
  "members, district, page 5": membersPage({ districtId }, 5),
  "members, organisation, page 1": membersPage({ organisationId }, 1),
  "members, search 'ash', page 1": membersPage({ query: "ash" }, 1),
  "members, search 'ash', page 20": membersPage({ query: "ash" }, 20),
  "members, search 'zzqx' (none)": membersPage({ query: "zzqx" }, 1),
  "members, currency lapsed": (d) => membersByCurrency({}, d),
  "members, currency lapsed, one district": (d) => membersByCurrency({ districtId }, d),
  "currency tabs, worked out (after a write)": (d) => listTier1Currency({ rule }, d),
  "currency tabs, kept (no write since)": (d) => getCurrencyTab({ view: "lapsed", rule }, d),
  "audit, page 1": (d) => listAuditEvents({ limit: PAGE + 1 }, d),
  "audit, page 1000": (d) => pageAuditEvents({ after: deepEvent, limit: PAGE }, d),
  "audit, type member, page 1": (d) => listAuditEvents({ entityType: "member", limit: PAGE + 1 }, d),
  "audit, type workshop (none), page 1": (d) => listAuditEvents({ entityType: "workshop", limit: PAGE + 1 }, d),
  "audit, search 'tier'": (d) => listAuditEvents({ query: "tier", limit: PAGE + 1 }, d),
  "audit, search 'zzqx' (none)": (d) => listAuditEvents({ query: "zzqx", limit: PAGE + 1 }, d),
  "organisations, one district": (d) => {
    countOrganisations(d);
    listDistricts(d);
    return listOrganisations({ districtId }, d);
  },
  "workshops, upcoming page 1": (d) => listWorkshopPage({ view: "upcoming", limit: PAGE + 1 }, d),
  "workshops, past page 1": (d) => listWorkshopPage({ view: "past", limit: PAGE + 1 }, d),
  "workshops, past page 50": (d) => listWorkshopPage({ view: "past", limit: PAGE + 1, offset: 49 * PAGE }, d),
  "workshops, cancelled page 1": (d) => listWorkshopPage({ view: "cancelled", limit: PAGE + 1 }, d),
  "network health": (d) => getNetworkHealth({ rule, viewerId: coordinator }, d),
  ...Object.fromEntries(
    REPORT_IDS.filter((id) => id !== "impact").flatMap((id) => [
      [`report ${id}, a year`, (d: Db) => readReport(id, { from: year }, d)],
      [`report ${id}, all time`, (d: Db) => readReport(id, {}, d)],
      [`report ${id}, a district, a year`, (d: Db) => readReport(id, { districtId, from: year }, d)],
    ]),
  ),
};

const only = process.argv[2];
const runs = Number(process.env.LISTS_RUNS ?? 7);
console.log(
  `load average ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")}`,
);
for (const [name, run] of Object.entries(cases)) {
  if (only && !name.includes(only)) continue;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run(db);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(40)} median ${times[Math.floor(runs / 2)].toFixed(1).padStart(7)} ms, worst ${times[runs - 1].toFixed(1).padStart(7)} ms`,
  );
}
console.log(
  `load average ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")}`,
);
