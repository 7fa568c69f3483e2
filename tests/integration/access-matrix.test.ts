/**
 * The access matrix: every route module in the Remix route manifest, every
 * role, and where it matters their own organisation against another.
 *
 * - Every loader answers each role as the matrix says.
 * - Every action is posted a real, valid body for each intent it accepts: the
 *   role named beside the body succeeds and writes; a refused role gets 403 and
 *   nothing in the database changes.
 * - The organisation lead and the learners get answers that hold nothing of
 *   another organisation or another member (marked records, found by searching
 *   the body for their markers), CSV downloads included.
 * - Every action tried against another organisation's records is refused and
 *   changes nothing.
 * A route, or an intent, without an entry here fails the test.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_TWO_STEP_SECRET } from "../../drizzle/seed";
import { startSecondStep } from "~/lib/sign-in.server";
import { totpCode } from "~/lib/totp.server";
import { enableTwoStepWithSecret, startTwoStepSetUp } from "~/models/two-step.server";
import { getDb } from "~/lib/db.server";
import { showReport } from "~/components/report-content";
import { readReport } from "~/models/report.server";
import { REPORT_IDS } from "~/validation/report-filters";
import { formatCertificateCode } from "~/models/completion.server";
import { getModule } from "~/lib/content/catalogue.server";
import { resetCalendarFeedToken } from "~/models/calendar-feed.server";
import { markLessonComplete } from "~/models/lesson-progress.server";
import { issueConfirmToken } from "~/models/contact.server";
import { unsubscribeToken } from "~/lib/email/unsubscribe.server";
import { inviteMember, unusablePasswordHash } from "~/models/invitation.server";
import { createMember } from "~/models/member.server";
import { requestEmailChange } from "~/models/email-change.server";
import { issuePasswordReset } from "~/models/password.server";
import { countAudience } from "~/models/message.server";
import { checkIn, openCheckIn } from "~/models/check-in.server";
import { createWorkshop, getWorkshop } from "~/models/workshop.server";
import { outcomeLinkToken } from "~/lib/prevention-links.server";
import { previewMerge } from "~/models/organisation-merge.server";
import { holdPlace, proposeSuccessor } from "~/models/succession.server";
import { eq } from "drizzle-orm";
import { members } from "../../drizzle/schema";
import { call, testContext } from "../request";
import {
  HIDDEN_MOBILE,
  HIDDEN_PHONE,
  OTHER_MARK,
  OWN_MARK,
  ROLES,
  rolledBack,
  useMarkedWorld,
  writesDuring,
  type MarkedWorld,
  type Role,
} from "./helpers/marked-world";

type Fixture = MarkedWorld;

/** What a GET to the route's loader answers for each role. */
type Outcome = 200 | 302 | 403 | 404;
type Expectation = Record<Role, Outcome>;

const all = (o: Outcome): Expectation => Object.fromEntries(ROLES.map((r) => [r, o])) as Expectation;
const signedIn = (): Expectation => ({ ...all(200), anonymous: 302 });
const staff = (allowed: Role[]): Expectation =>
  Object.fromEntries(ROLES.map((r) => [r, r === "anonymous" ? 302 : allowed.includes(r) ? 200 : 403])) as Expectation;
const coordinators = () => staff(["coordinator", "admin"]);
const notTier3 = () => staff(["generalist", "champion", "orglead", "coordinator"]);
const NOT_STAFF: Role[] = ["learner", "generalist", "champion", "orglead"];
/** Who may edit the demo prison-leaver checklist: its owner (the demo champion) and staff. */
const TOOLKIT_EDITORS: Role[] = ["champion", "coordinator", "admin"];
const NOT_TOOLKIT_EDITORS: Role[] = ["learner", "generalist", "orglead"];

type Entry = {
  /** The URL to request, built from the seeded world. */
  url: (f: Fixture) => string;
  params: (f: Fixture) => Record<string, string>;
  loader?: Expectation;
  /** Roles refused by the action (403), besides anonymous (sent to sign in); "public" for actions anyone may post. */
  action?: Role[] | "public";
};

const MATRIX: Record<string, Entry> = {
  root: { url: () => "/", params: () => ({}), loader: all(200) },
  "routes/_index": { url: () => "/", params: () => ({}), loader: all(200) },
  "routes/healthz": { url: () => "/healthz", params: () => ({}), loader: all(200) },
  "routes/privacy": { url: () => "/privacy", params: () => ({}) },
  "routes/login": {
    url: () => "/login",
    params: () => ({}),
    loader: { ...all(302), anonymous: 200 },
    action: "public",
  },
  // Without a right password a moment ago, back to /login; signed in, home.
  "routes/login_.two-step": { url: () => "/login/two-step", params: () => ({}), loader: all(302), action: "public" },
  "routes/register": {
    url: () => "/register",
    params: () => ({}),
    loader: { ...all(302), anonymous: 200 },
    action: "public",
  },
  "routes/logout": { url: () => "/logout", params: () => ({}), loader: all(302), action: "public" },
  "routes/organisations._index": { url: () => "/organisations", params: () => ({}), loader: all(200) },
  "routes/organisations.$slug._index": {
    url: (f) => `/organisations/${f.ownSlug}`,
    params: (f) => ({ slug: f.ownSlug }),
    loader: all(200),
  },
  "routes/organisations.$slug.edit": {
    url: (f) => `/organisations/${f.ownSlug}/edit`,
    params: (f) => ({ slug: f.ownSlug }),
    loader: staff(["orglead", "coordinator", "admin"]),
    action: ["learner", "generalist", "champion"],
  },
  // Merging: the coordinator previews merging the lead's organisation into another (the body below merges it).
  "routes/organisations.$slug.merge": {
    url: (f) => `/organisations/${f.ownSlug}/merge?into=${f.otherOrganisationId}`,
    params: (f) => ({ slug: f.ownSlug }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/organisations.$slug.members": {
    url: (f) => `/organisations/${f.ownSlug}/members`,
    params: (f) => ({ slug: f.ownSlug }),
    loader: staff(["orglead", "coordinator", "admin"]),
  },
  // Champion succession and places for staff: the lead of the organisation and the coordinator.
  "routes/organisations.$slug.succession": {
    url: (f) => `/organisations/${f.ownSlug}/succession`,
    params: (f) => ({ slug: f.ownSlug }),
    loader: staff(["orglead", "coordinator", "admin"]),
    action: ["learner", "generalist", "champion"],
  },
  "routes/organisations.new": {
    url: () => "/organisations/new",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/organisations.$slug.close": {
    url: (f) => `/organisations/${f.ownSlug}/close`,
    params: (f) => ({ slug: f.ownSlug }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/organisations.$slug.contacts._index": {
    url: (f) => `/organisations/${f.ownSlug}/contacts`,
    params: (f) => ({ slug: f.ownSlug }),
    loader: staff(["orglead", "coordinator", "admin"]),
    action: ["learner", "generalist", "champion"],
  },
  "routes/organisations.$slug.contacts.$contactId": {
    url: (f) => `/organisations/${f.ownSlug}/contacts/${f.ownContactId}`,
    params: (f) => ({ slug: f.ownSlug, contactId: String(f.ownContactId) }),
    loader: staff(["orglead", "coordinator", "admin"]),
    action: ["learner", "generalist", "champion"],
  },
  "routes/account": { url: () => "/account", params: () => ({}), loader: signedIn(), action: [] },
  "routes/account_.data": { url: () => "/account/data", params: () => ({}), loader: signedIn() },
  "routes/account_.directory": { url: () => "/account/directory", params: () => ({}), loader: signedIn(), action: [] },
  // "I'm moving on" is for a Tier 1 champion of an organisation (the demo champion and coordinator); others are told why not.
  "routes/account_.moving-on": {
    url: () => "/account/moving-on",
    params: () => ({}),
    loader: staff(["champion", "coordinator"]),
    action: ["learner", "generalist", "orglead", "admin"],
  },
  "routes/account_.move": { url: () => "/account/move", params: () => ({}), loader: signedIn(), action: [] },
  "routes/account_.password": { url: () => "/account/password", params: () => ({}), loader: signedIn(), action: [] },
  "routes/account_.email": { url: () => "/account/email", params: () => ({}), loader: signedIn(), action: [] },
  "routes/account_.emails": { url: () => "/account/emails", params: () => ({}), loader: signedIn(), action: [] },
  "routes/account_.two-step": { url: () => "/account/two-step", params: () => ({}), loader: signedIn(), action: [] },
  "routes/members._index": { url: () => "/members", params: () => ({}), loader: coordinators() },
  // The demo learner is at another organisation than the lead's: refused (the lead's own members are in OTHER_URLS).
  "routes/members.$memberId": {
    url: (f) => `/members/${f.ids.learner}`,
    params: (f) => ({ memberId: String(f.ids.learner) }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/members.$memberId_.erase": {
    url: (f) => `/members/${f.ids.learner}/erase`,
    params: (f) => ({ memberId: String(f.ids.learner) }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  // The lead may help their own organisation's members (scopeUrls); the demo learner is another organisation's.
  "routes/members.$memberId_.sign-in-help": {
    url: (f) => `/members/${f.ids.learner}/sign-in-help`,
    params: (f) => ({ memberId: String(f.ids.learner) }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/members.$memberId_.two-step": {
    url: (f) => `/members/${f.ids.coordinator}/two-step`,
    params: (f) => ({ memberId: String(f.ids.coordinator) }),
    loader: staff(["admin"]),
    action: [...NOT_STAFF, "coordinator"],
  },
  // A lead invites their own staff only (the body below names another organisation: refused, see the scope attempts).
  "routes/members.invite": {
    url: () => "/members/invite",
    params: () => ({}),
    loader: staff(["orglead", "coordinator", "admin"]),
    action: NOT_STAFF,
  },
  "routes/members.import": {
    url: () => "/members/import",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/learn._index": { url: () => "/learn", params: () => ({}), loader: signedIn() },
  "routes/learn.$moduleId._index": {
    url: () => "/learn/homelessness-awareness",
    params: () => ({ moduleId: "homelessness-awareness" }),
    loader: signedIn(),
  },
  "routes/learn.$moduleId.lessons.$lessonId": {
    url: (f) => `/learn/homelessness-awareness/lessons/${f.lessonId}`,
    params: (f) => ({ moduleId: "homelessness-awareness", lessonId: f.lessonId }),
    loader: signedIn(),
    action: [],
  },
  "routes/learn.$moduleId.check._index": {
    url: () => "/learn/homelessness-awareness/check",
    params: () => ({ moduleId: "homelessness-awareness" }),
    loader: signedIn(),
    action: [],
  },
  "routes/learn.$moduleId.check.$attemptId": {
    url: (f) => `/learn/homelessness-awareness/check/${f.championAttemptId}`,
    params: (f) => ({ moduleId: "homelessness-awareness", attemptId: String(f.championAttemptId) }),
    // An attempt is only ever its own learner's.
    loader: { ...all(404), anonymous: 302, champion: 200 },
  },
  "routes/learning": { url: () => "/learning", params: () => ({}), loader: signedIn() },
  "routes/certificates.$code._index": {
    url: (f) => `/certificates/${f.championCode}`,
    params: (f) => ({ code: f.championCode }),
    loader: {
      anonymous: 302,
      learner: 403,
      generalist: 403,
      champion: 200,
      orglead: 403,
      coordinator: 200,
      admin: 200,
    },
  },
  "routes/certificates.$code.pdf": {
    url: (f) => `/certificates/${f.championCode}/pdf`,
    params: (f) => ({ code: f.championCode }),
    loader: {
      anonymous: 302,
      learner: 403,
      generalist: 403,
      champion: 200,
      orglead: 403,
      coordinator: 200,
      admin: 200,
    },
  },
  "routes/verify._index": { url: () => "/verify", params: () => ({}), loader: all(200) },
  "routes/verify.$code": {
    url: (f) => `/verify/${f.championCode}`,
    params: (f) => ({ code: f.championCode }),
    loader: all(200),
  },
  "routes/workshops._index": { url: () => "/workshops", params: () => ({}), loader: signedIn() },
  "routes/workshops.$workshopId._index": {
    url: (f) => `/workshops/${f.upcomingId}`,
    params: (f) => ({ workshopId: String(f.upcomingId) }),
    loader: signedIn(),
    action: [],
  },
  "routes/workshops.$workshopId.hold": {
    url: (f) => `/workshops/${f.upcomingId}/hold`,
    params: (f) => ({ workshopId: String(f.upcomingId) }),
    loader: signedIn(),
    action: [],
  },
  "routes/workshops.$workshopId.ics": {
    url: (f) => `/workshops/${f.upcomingId}/ics`,
    params: (f) => ({ workshopId: String(f.upcomingId) }),
    // Only someone with a place gets the calendar entry: in the demo data the champion and the coordinator (a Tier 1 member) are booked.
    loader: { ...all(404), anonymous: 302, champion: 200, coordinator: 200 },
  },
  "routes/workshops.$workshopId.feedback": {
    url: (f) => `/workshops/${f.upcomingId}/feedback`,
    params: (f) => ({ workshopId: String(f.upcomingId) }),
    loader: signedIn(),
    action: [],
  },
  "routes/topics": { url: () => "/topics", params: () => ({}), loader: signedIn(), action: [] },
  "routes/barriers._index": { url: () => "/barriers", params: () => ({}), loader: signedIn() },
  "routes/barriers.new": { url: () => "/barriers/new", params: () => ({}), loader: signedIn(), action: [] },
  // The first demo barrier: raised by the coordinator, supported by the champion and the lead, not the learner.
  "routes/barriers.$barrierId": {
    url: () => `/barriers/${firstBarrierId()}`,
    params: () => ({ barrierId: firstBarrierId() }),
    loader: signedIn(),
    action: [],
  },
  // The prevention log is for champions (Tier 1 or 2): the demo learner and administrator are Tier 3.
  "routes/prevention._index": { url: () => "/prevention", params: () => ({}), loader: notTier3() },
  "routes/prevention.new": {
    url: () => "/prevention/new",
    params: () => ({}),
    loader: notTier3(),
    action: ["learner", "admin"],
  },
  "routes/prevention.training.new": {
    url: () => "/prevention/training/new",
    params: () => ({}),
    loader: notTier3(),
    action: ["learner", "admin"],
  },
  // No demo account is a district's named Duty to Refer contact: only the coordinator and administrator get in.
  "routes/prevention.referrals": {
    url: () => "/prevention/referrals",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/prevention.outcome.$id.$token": {
    url: () => "/prevention/outcome/1/not-a-real-token-not-a-real-token-not-a-rea",
    params: () => ({ id: "1", token: "not-a-real-token-not-a-real-token-not-a-rea" }),
    loader: all(404),
    action: "public",
  },
  "routes/barriers.report": { url: () => "/barriers/report", params: () => ({}), loader: coordinators() },
  "routes/barriers.report_.csv": { url: () => "/barriers/report/csv", params: () => ({}), loader: coordinators() },
  "routes/toolkit._index": { url: () => "/toolkit", params: () => ({}), loader: all(200) },
  "routes/toolkit.new": { url: () => "/toolkit/new", params: () => ({}), loader: coordinators(), action: NOT_STAFF },
  // The demo prison-leaver checklist: for members only, owned by the demo champion, with one file.
  "routes/toolkit.$slug._index": {
    url: () => "/toolkit/prison-leaver-checklist",
    params: () => ({ slug: "prison-leaver-checklist" }),
    loader: { ...all(200), anonymous: 404 },
    action: [],
  },
  "routes/toolkit.$slug.edit": {
    url: () => "/toolkit/prison-leaver-checklist/edit",
    params: () => ({ slug: "prison-leaver-checklist" }),
    loader: staff(TOOLKIT_EDITORS),
    action: NOT_TOOLKIT_EDITORS,
  },
  "routes/toolkit.$slug.history": {
    url: () => "/toolkit/prison-leaver-checklist/history?from=1&to=1",
    params: () => ({ slug: "prison-leaver-checklist" }),
    loader: staff(TOOLKIT_EDITORS),
    action: NOT_TOOLKIT_EDITORS,
  },
  "routes/toolkit.$slug.attachments": {
    url: () => "/toolkit/prison-leaver-checklist/attachments",
    params: () => ({ slug: "prison-leaver-checklist" }),
    loader: staff(TOOLKIT_EDITORS),
    action: NOT_TOOLKIT_EDITORS,
  },
  "routes/toolkit.$slug.attachments.$attachmentId": {
    url: () => `/toolkit/prison-leaver-checklist/attachments/${checklistFileId()}`,
    params: () => ({ slug: "prison-leaver-checklist", attachmentId: checklistFileId() }),
    loader: { ...all(200), anonymous: 404 },
  },
  "routes/calendar": { url: () => "/calendar", params: () => ({}), loader: signedIn(), action: [] },
  "routes/feeds.$token": {
    url: () => "/feeds/not-a-real-token-0000000000.ics",
    params: () => ({ token: "not-a-real-token-0000000000.ics" }),
    loader: all(404),
  },
  "routes/invite.$token": {
    url: () => "/invite/not-a-real-token-000000000000",
    params: () => ({ token: "not-a-real-token-000000000000" }),
    loader: all(404),
    action: "public",
  },
  "routes/forgotten-password": {
    url: () => "/forgotten-password",
    params: () => ({}),
    loader: all(200),
    action: "public",
  },
  "routes/reset-password.$token": {
    url: () => "/reset-password/not-a-real-token-000000000000",
    params: () => ({ token: "not-a-real-token-000000000000" }),
    loader: all(404),
    action: "public",
  },
  "routes/email-change.confirm.$token": {
    url: () => "/email-change/confirm/not-a-real-token-0000000000",
    params: () => ({ token: "not-a-real-token-0000000000" }),
    loader: all(404),
    action: "public",
  },
  "routes/email-change.report.$token": {
    url: () => "/email-change/report/not-a-real-token-0000000000",
    params: () => ({ token: "not-a-real-token-0000000000" }),
    loader: all(404),
    action: "public",
  },
  "routes/directory._index": { url: () => "/directory", params: () => ({}), loader: signedIn() },
  "routes/directory.find": { url: () => "/directory/find", params: () => ({}), loader: signedIn() },
  "routes/directory.ask": { url: () => "/directory/ask", params: () => ({}), loader: signedIn() },
  "routes/directory.contacts.$contactId._index": {
    url: (f) => `/directory/contacts/${f.ownContactId}`,
    params: (f) => ({ contactId: String(f.ownContactId) }),
    loader: signedIn(),
  },
  "routes/directory.contacts.$contactId.vcard": {
    url: (f) => `/directory/contacts/${f.ownContactId}/vcard`,
    params: (f) => ({ contactId: String(f.ownContactId) }),
    loader: signedIn(),
  },
  "routes/directory.export": { url: () => "/directory/export", params: () => ({}), loader: coordinators() },
  "routes/unsubscribe.$token": {
    url: () => "/unsubscribe/digest.1.not-a-real-mac-not-a-real-mac-not-a-real-ma",
    params: () => ({ token: "digest.1.not-a-real-mac-not-a-real-mac-not-a-real-ma" }),
    loader: all(404),
    action: "public",
  },
  "routes/directory.confirm.$token": {
    url: () => "/directory/confirm/not-a-real-token-000000000",
    params: () => ({ token: "not-a-real-token-000000000" }),
    loader: all(404),
    action: "public",
  },
  "routes/districts._index": { url: () => "/districts", params: () => ({}), loader: all(200) },
  "routes/districts.$districtId": {
    url: () => "/districts/oxford",
    params: () => ({ districtId: "oxford" }),
    loader: all(200),
  },
  "routes/reports._index": {
    url: () => "/reports",
    params: () => ({}),
    loader: staff(["orglead", "coordinator", "admin"]),
  },
  "routes/reports.$report": {
    url: () => "/reports/tiers",
    params: () => ({ report: "tiers" }),
    loader: staff(["orglead", "coordinator", "admin"]),
  },
  "routes/reports.$report_.csv": {
    url: () => "/reports/tiers/csv",
    params: () => ({ report: "tiers" }),
    loader: staff(["orglead", "coordinator", "admin"]),
  },
  "routes/manage._index": { url: () => "/manage", params: () => ({}), loader: coordinators() },
  "routes/manage.health": { url: () => "/manage/health", params: () => ({}), loader: coordinators() },
  "routes/manage.audit": { url: () => "/manage/audit", params: () => ({}), loader: coordinators() },
  "routes/manage.outbox": { url: () => "/manage/outbox", params: () => ({}), loader: coordinators() },
  "routes/manage.coverage": { url: () => "/manage/coverage", params: () => ({}), loader: coordinators() },
  "routes/manage.currency": { url: () => "/manage/currency", params: () => ({}), loader: coordinators() },
  "routes/manage.feedback": { url: () => "/manage/feedback", params: () => ({}), loader: coordinators() },
  "routes/manage.digest": {
    url: () => "/manage/digest",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/manage.messages._index": { url: () => "/manage/messages", params: () => ({}), loader: coordinators() },
  "routes/manage.messages.new": {
    url: () => "/manage/messages/new",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  // The seeded world has sent no message: the coordinator passes the permission check to a page saying so.
  "routes/manage.messages.$messageId": {
    url: () => "/manage/messages/1",
    params: () => ({ messageId: "1" }),
    loader: { ...coordinators(), coordinator: 404, admin: 404 },
  },
  "routes/manage.topics": {
    url: () => "/manage/topics",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/manage.circumstances": {
    url: () => "/manage/circumstances",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/manage.unit-costs": {
    url: () => "/manage/unit-costs",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/manage.districts.$districtId": {
    url: () => "/manage/districts/oxford",
    params: () => ({ districtId: "oxford" }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/manage.workshops._index": { url: () => "/manage/workshops", params: () => ({}), loader: coordinators() },
  "routes/manage.workshops.new": {
    url: () => "/manage/workshops/new",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/manage.workshops.series": {
    url: () => "/manage/workshops/series",
    params: () => ({}),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/manage.workshops.$workshopId._index": {
    url: (f) => `/manage/workshops/${f.upcomingId}`,
    params: (f) => ({ workshopId: String(f.upcomingId) }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  // Check-in has not opened for the upcoming workshop: the page says when it will.
  "routes/manage.workshops.$workshopId.check-in": {
    url: (f) => `/manage/workshops/${f.upcomingId}/check-in`,
    params: (f) => ({ workshopId: String(f.upcomingId) }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
  "routes/check-in._index": { url: () => "/check-in", params: () => ({}), loader: signedIn(), action: [] },
  // No workshop has this code: every member is told so (the bodies below check in with a real one).
  "routes/check-in.$code": {
    url: () => "/check-in/ABCDEF",
    params: () => ({ code: "ABCDEF" }),
    loader: { ...all(404), anonymous: 302 },
    action: [],
  },
  "routes/manage.workshops.$workshopId.register": {
    url: (f) => `/manage/workshops/${f.pastId}/register`,
    params: (f) => ({ workshopId: String(f.pastId) }),
    loader: coordinators(),
    action: NOT_STAFF,
  },
};

/** Routes where an organisation lead's own organisation and another's differ: the other answers 403. */
const OTHER_ORGANISATION: Record<string, (f: Fixture) => { url: string; params: Record<string, string> }> = {
  "routes/organisations.$slug.edit": (f) => ({
    url: `/organisations/${f.otherSlug}/edit`,
    params: { slug: f.otherSlug },
  }),
  "routes/organisations.$slug.succession": (f) => ({
    url: `/organisations/${f.otherSlug}/succession`,
    params: { slug: f.otherSlug },
  }),
  "routes/organisations.$slug.members": (f) => ({
    url: `/organisations/${f.otherSlug}/members`,
    params: { slug: f.otherSlug },
  }),
  "routes/organisations.$slug.contacts._index": (f) => ({
    url: `/organisations/${f.otherSlug}/contacts`,
    params: { slug: f.otherSlug },
  }),
  "routes/organisations.$slug.contacts.$contactId": (f) => ({
    url: `/organisations/${f.otherSlug}/contacts/${f.otherContactId}`,
    params: { slug: f.otherSlug, contactId: String(f.otherContactId) },
  }),
  "routes/members.$memberId": (f) => ({
    url: `/members/${f.otherMemberId}`,
    params: { memberId: String(f.otherMemberId) },
  }),
  "routes/members.$memberId_.sign-in-help": (f) => ({
    url: `/members/${f.otherMemberId}/sign-in-help`,
    params: { memberId: String(f.otherMemberId) },
  }),
  "routes/certificates.$code._index": (f) => ({ url: `/certificates/${f.otherCode}`, params: { code: f.otherCode } }),
  "routes/certificates.$code.pdf": (f) => ({ url: `/certificates/${f.otherCode}/pdf`, params: { code: f.otherCode } }),
  "routes/reports.$report": (f) => ({
    url: `/reports/tiers?organisation=${f.otherOrganisationId}`,
    params: { report: "tiers" },
  }),
  "routes/reports.$report_.csv": (f) => ({
    url: `/reports/tiers/csv?organisation=${f.otherOrganisationId}`,
    params: { report: "tiers" },
  }),
};

// ---------------------------------------------------------------------------
// Real bodies for every action and intent.

type Fields = Record<string, string | string[]>;
type Body = {
  /** The role that may do this in the seeded world: it must succeed (a redirect or 200 with no field errors). */
  as: Role;
  fields: (f: Fixture, setup: Record<string, string>) => Fields | FormData;
  url?: (f: Fixture, setup: Record<string, string>) => string;
  params?: (f: Fixture, setup: Record<string, string>) => Record<string, string>;
  /** Prepares what the body needs (a token), in the fresh world, before the request. */
  setup?: (f: Fixture) => Record<string, string>;
  /** False for a preview: it succeeds without writing. */
  writes?: boolean;
  /** Roles refused this intent (403) besides those refused the whole action. */
  refused?: Role[];
};

/** A key that is not an intent: the body of an action that reads no intent, or a second kind of post (an upload). */
const NOT_AN_INTENT = /^-/;

const london = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
const workshopFields = (): Fields => ({
  title: "Rough sleeping in winter",
  topic: "Severe weather provision",
  audienceTier: "1",
  description: "Cold weather shelters.",
  venue: "Town Hall, Oxford",
  joiningUrl: "",
  capacity: "30",
  date: london(200),
  startTime: "10:00",
  endTime: "12:30",
  closesDate: london(198),
  closesTime: "17:00",
});
const contactFields = (): Fields => ({
  howToContact: "Email first.",
  directPhone: "01865 123456",
  showDirectPhone: "on",
  mobile: "",
  districtIds: "oxford",
});
/** A workshop whose check-in is open now: it started ten minutes ago. */
function workshopCheckingInNow() {
  const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
  return createWorkshop({
    input: {
      title: "Check-in now",
      topic: "Walk-ins",
      audienceTier: 3,
      description: "",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      venue: "Town Hall, Oxford",
      joiningUrl: null,
      capacity: 10,
      bookingClosesAt: new Date(startsAt.getTime() - 86_400_000),
    },
    createdBy: null,
  }).id;
}
/** The code of a workshop whose check-in is open now. */
function codeCheckingInNow(f: Fixture) {
  const opened = openCheckIn({ workshopId: workshopCheckingInNow(), createdBy: f.ids.coordinator });
  if (!opened.ok) throw new Error("check-in did not open");
  return { code: opened.code };
}
/** The demo learner checked in as a walk-in at the past Tier 1 workshop while it was on, awaiting the coordinator. */
function walkInAwaiting(f: Fixture) {
  const during = getWorkshop({ id: f.pastId })!.startsAt;
  const opened = openCheckIn({ workshopId: f.pastId, createdBy: f.ids.coordinator, now: during });
  if (!opened.ok) throw new Error("check-in did not open");
  checkIn({ code: opened.code, memberId: f.ids.learner, now: during });
  return {};
}
/** The merge form as the preview page fills it in: the target, the preview's counts, and the first go-to if asked. */
function mergeFields(sourceId: number, targetId: number): Record<string, string> {
  const result = previewMerge({ sourceId, targetId });
  if (!result.ok) throw new Error(result.refused.message);
  const { preview } = result;
  const goTo = preview.goToConflict ? String(preview.goTo.target[0].contactId) : "";
  return { into: String(targetId), fingerprint: preview.fingerprint, goTo };
}
const importCsv =
  "Name,Email,Organisation,Job title,Tier\nRiley Importwood,riley.importwood@crisis.example.org,Crisis,Advice worker,3\n";
/** The coordinator's upload of importCsv, kept server-side between the import's steps. */
const importUpload = async (memberId: number) =>
  (await import("~/models/member-import.server")).saveImportUpload({
    memberId,
    fileName: "members.csv",
    text: importCsv,
  });
/** An import step's form: the upload id and the five columns matched as their headings say. */
const importStep = (intent: string, s: Record<string, string>): Fields => ({
  intent,
  upload: s.upload,
  column: ["name", "email", "organisation", "jobTitle", "tier"],
});

/** A new active member of an organisation (by default the lead's), on the tier given. */
let successionMembers = 0;
function memberIn(organisationId: number, tier: number) {
  successionMembers += 1;
  return createMember({
    name: `Succession Colleague ${successionMembers}`,
    email: `succession.colleague${successionMembers}@example.org`,
    organisationId,
    tier,
    passwordHash: unusablePasswordHash(),
  }).id;
}
function successionColleague(f: Fixture, tier: number) {
  const lead = getDb().select().from(members).where(eq(members.id, f.ids.orglead)).get()!;
  return memberIn(lead.organisationId!, tier);
}
function colleagueOf(memberId: number) {
  const member = getDb().select().from(members).where(eq(members.id, memberId)).get()!;
  return memberIn(member.organisationId!, 3);
}
/** A Tier 3 workshop open for booking, 60 days ahead. */
function openWorkshop() {
  const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60 * 86_400_000);
  return createWorkshop({
    input: {
      title: "Open to all",
      topic: "Succession",
      audienceTier: 3,
      description: "",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      venue: "Town Hall, Oxford",
      joiningUrl: null,
      capacity: 10,
      bookingClosesAt: new Date(startsAt.getTime() - 86_400_000),
    },
    createdBy: null,
  }).id;
}
/** A champion in the lead's organisation who is moving on, naming a colleague: waiting for the lead. */
function pendingNomination(f: Fixture) {
  const champion = successionColleague(f, 1);
  const nomination = proposeSuccessor({ championId: champion, successorId: successionColleague(f, 3) });
  return { nominationId: String(nomination.id) };
}
function heldForLearner(f: Fixture) {
  const workshopId = openWorkshop();
  holdPlace({ workshopId, memberId: f.ids.learner, heldBy: null });
  return { workshopId: String(workshopId) };
}

const INTENTS: Record<string, Record<string, Body>> = {
  "routes/account": {
    "-profile": { as: "learner", fields: () => ({ name: "Sam Willowmere", jobTitle: "Senior work coach" }) },
  },
  "routes/account_.password": {
    "-password": {
      as: "learner",
      fields: () => ({ currentPassword: DEMO_PASSWORD, password: "a long unusual passphrase 80" }),
    },
  },
  "routes/account_.emails": {
    "-emails": { as: "learner", fields: () => ({ reminders: "on" }) },
  },
  "routes/account_.email": {
    "-email": {
      as: "learner",
      fields: () => ({ email: "sam.newaddress@example.org", currentPassword: DEMO_PASSWORD }),
    },
  },
  "routes/account_.two-step": {
    start: { as: "learner", fields: () => ({ intent: "start" }) },
    confirm: {
      as: "learner",
      setup: (f) => ({ secret: startTwoStepSetUp({ memberId: f.ids.learner }) }),
      fields: (_f, s) => ({ intent: "confirm", code: totpCode({ base32: s.secret }) }),
    },
    "recovery-codes": {
      as: "coordinator",
      fields: () => ({ intent: "recovery-codes", code: totpCode({ base32: DEMO_TWO_STEP_SECRET }) }),
    },
    // Staff cannot turn it off (only set up a new app).
    "turn-off": {
      as: "champion",
      setup: (f) => {
        enableTwoStepWithSecret({ memberId: f.ids.champion, secret: DEMO_TWO_STEP_SECRET });
        return {};
      },
      fields: () => ({ intent: "turn-off", code: totpCode({ base32: DEMO_TWO_STEP_SECRET }) }),
      refused: ["coordinator", "admin"],
    },
  },
  "routes/organisations.$slug.succession": {
    nominate: { as: "orglead", fields: (f) => ({ intent: "nominate", memberId: String(successionColleague(f, 3)) }) },
    invite: {
      as: "orglead",
      fields: () => ({ intent: "invite", name: "Nia Successor", email: "nia.successor@example.org", jobTitle: "" }),
    },
    confirm: { as: "orglead", setup: (f) => pendingNomination(f), fields: (_f, s) => ({ intent: "confirm", ...s }) },
    decline: { as: "orglead", setup: (f) => pendingNomination(f), fields: (_f, s) => ({ intent: "decline", ...s }) },
    hold: {
      as: "orglead",
      setup: (f) => ({ memberId: String(successionColleague(f, 3)), workshopId: String(openWorkshop()) }),
      fields: (_f, s) => ({ intent: "hold", ...s }),
    },
    book: {
      as: "orglead",
      setup: (f) => ({ memberId: String(successionColleague(f, 3)), workshopId: String(openWorkshop()) }),
      fields: (_f, s) => ({ intent: "book", ...s }),
    },
  },
  "routes/account_.moving-on": {
    "-moving-on": {
      as: "champion",
      setup: (f) => ({ successorId: String(colleagueOf(f.ids.champion)) }),
      fields: (_f, s) => s,
    },
  },
  "routes/workshops.$workshopId.hold": {
    book: {
      as: "learner",
      setup: (f) => heldForLearner(f),
      url: (_f, s) => `/workshops/${s.workshopId}/hold`,
      params: (_f, s) => ({ workshopId: s.workshopId }),
      fields: () => ({ intent: "book" }),
    },
    release: {
      as: "learner",
      setup: (f) => heldForLearner(f),
      url: (_f, s) => `/workshops/${s.workshopId}/hold`,
      params: (_f, s) => ({ workshopId: s.workshopId }),
      fields: () => ({ intent: "release" }),
    },
  },
  "routes/account_.move": {
    "-move": { as: "learner", fields: (f) => ({ organisationId: String(f.otherOrganisationId) }) },
  },
  "routes/account_.directory": {
    confirm: { as: "champion", fields: () => ({ intent: "confirm" }) },
    save: { as: "champion", fields: () => ({ intent: "save", ...contactFields() }) },
  },
  "routes/calendar": {
    create: { as: "learner", fields: () => ({ intent: "create" }) },
    revoke: {
      as: "learner",
      setup: (f) => ({ token: resetCalendarFeedToken({ memberId: f.ids.learner }) && "" }),
      fields: () => ({ intent: "revoke" }),
    },
  },
  "routes/learn.$moduleId.lessons.$lessonId": { "-mark-read": { as: "learner", fields: () => ({}) } },
  "routes/learn.$moduleId.check._index": {
    "-answers": {
      as: "champion",
      setup: (f) => {
        const module = getModule("homelessness-awareness")!;
        for (const lesson of module.lessons)
          markLessonComplete({ memberId: f.ids.champion, module, lessonId: lesson.id });
        return {};
      },
      fields: (f) => ({
        submissionToken: "access-matrix-submission-0001",
        ...Object.fromEntries(Object.entries(f.rightAnswers).map(([q, options]) => [`answer:${q}`, options])),
      }),
    },
  },
  "routes/manage.unit-costs": {
    "-unit-cost": {
      as: "coordinator",
      fields: () => ({
        id: "1",
        label: "Hospital bed day",
        amount: "451",
        unit: "bed day",
        unitsPerCase: "30.5",
        appliesTo: "prevented-through-health",
        source: "New Economy Manchester",
        year: "2018",
        isAssumption: "no",
        basis: "",
      }),
    },
  },
  "routes/manage.circumstances": {
    specialism: { as: "coordinator", fields: () => ({ intent: "specialism", label: "Pets and animals" }) },
    circumstance: {
      as: "coordinator",
      fields: () => ({
        intent: "circumstance",
        label: "Sleeping in a car",
        description: "Has a car but nowhere to live.",
      }),
    },
  },
  "routes/manage.districts.$districtId": {
    "-referral": {
      as: "coordinator",
      fields: () => ({
        referralRoute: "Use the online form.",
        referralInbox: "dtr@oxford.example.org",
        officeHours: "9:00 to 17:00",
        procedureSummary: "",
        dutyToReferContactId: "",
        deputyContactId: "",
      }),
    },
  },
  "routes/manage.digest": {
    day: { as: "coordinator", fields: () => ({ intent: "day", dayOfMonth: "3" }) },
    paragraph: {
      as: "coordinator",
      fields: () => ({ intent: "paragraph", paragraph: "Welcome to the [winter programme](https://example.org)." }),
    },
    test: { as: "coordinator", fields: () => ({ intent: "test" }) },
  },
  "routes/manage.messages.new": {
    preview: {
      as: "coordinator",
      writes: false,
      fields: () => ({ intent: "preview", subject: "Winter", body: "Hello.", audience: "org-leads" }),
    },
    send: {
      as: "coordinator",
      setup: () => ({
        expected: String(
          countAudience({
            choice: { audience: "org-leads", tier: null, organisationId: null, districtId: null, workshopId: null },
          }).recipients,
        ),
      }),
      fields: (_f, s) => ({
        intent: "send",
        subject: "Winter",
        body: "Hello.",
        audience: "org-leads",
        expectedRecipients: s.expected,
      }),
    },
  },
  "routes/manage.topics": {
    "-schedule": {
      as: "coordinator",
      fields: (f) => ({ topicId: String(f.topicId), workshopId: String(f.upcomingId) }),
    },
  },
  "routes/manage.workshops.$workshopId._index": {
    update: {
      as: "coordinator",
      fields: () => ({ intent: "update", ...workshopFields() }),
      url: (f) => `/manage/workshops/${f.bookableId}`,
      params: (f) => ({ workshopId: String(f.bookableId) }),
    },
    cancel: { as: "coordinator", fields: () => ({ intent: "cancel", reason: "The venue is closed." }) },
  },
  "routes/manage.workshops.$workshopId.register": {
    all: { as: "coordinator", fields: () => ({ intent: "all" }) },
    save: { as: "coordinator", fields: (f) => ({ intent: "save", [`mark:${f.ids.champion}`]: "absent" }) },
    "confirm-walk-in": {
      as: "coordinator",
      setup: (f) => walkInAwaiting(f),
      fields: (f) => ({ intent: "confirm-walk-in", memberId: String(f.ids.learner) }),
    },
    "reject-walk-in": {
      as: "coordinator",
      setup: (f) => walkInAwaiting(f),
      fields: (f) => ({ intent: "reject-walk-in", memberId: String(f.ids.learner) }),
    },
    "add-walk-in": { as: "coordinator", fields: (f) => ({ intent: "add-walk-in", memberId: String(f.ids.learner) }) },
  },
  "routes/manage.workshops.$workshopId.check-in": {
    start: {
      as: "coordinator",
      setup: () => ({ workshopId: String(workshopCheckingInNow()) }),
      fields: () => ({ intent: "start" }),
      url: (_f, s) => `/manage/workshops/${s.workshopId}/check-in`,
      params: (_f, s) => ({ workshopId: s.workshopId }),
    },
  },
  // Finds the workshop and goes to its page: nothing is written until the member checks in there.
  "routes/check-in._index": {
    "-code": {
      as: "learner",
      setup: (f) => codeCheckingInNow(f),
      fields: (_f, s) => ({ code: s.code }),
      writes: false,
    },
  },
  "routes/check-in.$code": {
    "-check-in": {
      as: "learner",
      setup: (f) => codeCheckingInNow(f),
      fields: () => ({}),
      url: (_f, s) => `/check-in/${s.code}`,
      params: (_f, s) => ({ code: s.code }),
    },
  },
  "routes/manage.workshops.new": { "-workshop": { as: "coordinator", fields: () => workshopFields() } },
  "routes/manage.workshops.series": {
    preview: { as: "coordinator", writes: false, fields: () => seriesFields("preview") },
    create: { as: "coordinator", fields: () => seriesFields("create") },
  },
  "routes/members.$memberId": {
    "-record": {
      as: "coordinator",
      fields: (f) => ({
        role: "learner",
        tier: "2",
        organisationId: String(f.learnerOrganisationId),
        status: "active",
      }),
    },
    // Recording a move: the coordinator's only (a lead gets 403 even for their own staff).
    move: { as: "coordinator", fields: (f) => ({ intent: "move", organisationId: String(f.otherOrganisationId) }) },
  },
  "routes/members.$memberId_.erase": { "-erase": { as: "coordinator", fields: () => ({ confirm: "yes" }) } },
  "routes/members.$memberId_.sign-in-help": {
    reinvite: {
      as: "coordinator",
      setup: (f) => ({ id: String(invitedMemberId(f)) }),
      url: (_f, s) => `/members/${s.id}/sign-in-help`,
      params: (_f, s) => ({ memberId: s.id }),
      fields: () => ({ intent: "reinvite" }),
    },
    reset: { as: "coordinator", fields: () => ({ intent: "reset" }) },
  },
  "routes/members.$memberId_.two-step": { "-reset": { as: "admin", fields: () => ({}) } },
  "routes/members.invite": {
    "-invite": {
      as: "coordinator",
      fields: (f) => ({
        name: "Ira Invitewell",
        email: "ira.invitewell@crisis.example.org",
        jobTitle: "Advice worker",
        organisationId: String(f.otherOrganisationId),
        tier: "3",
        role: "learner",
      }),
    },
  },
  "routes/members.import": {
    "-upload": { as: "coordinator", fields: () => uploadForm() },
    match: { as: "coordinator", writes: false, setup: () => ({}), fields: (_f, s) => importStep("match", s) },
    check: { as: "coordinator", writes: false, setup: () => ({}), fields: (_f, s) => importStep("check", s) },
    columns: { as: "coordinator", writes: false, setup: () => ({}), fields: (_f, s) => importStep("columns", s) },
    import: { as: "coordinator", setup: () => ({}), fields: (_f, s) => importStep("import", s) },
  },
  "routes/organisations.$slug.contacts._index": {
    "-add": { as: "orglead", fields: (f) => ({ memberId: String(f.ownMemberId), ...contactFields() }) },
  },
  "routes/organisations.$slug.contacts.$contactId": {
    save: { as: "orglead", fields: () => ({ intent: "save", ...contactFields(), isGoTo: "on" }) },
    remove: { as: "orglead", fields: () => ({ intent: "remove" }) },
  },
  "routes/organisations.new": {
    "-add": {
      as: "coordinator",
      fields: () => ({
        name: "Matrix Food Bank",
        sector: "voluntary_and_community",
        districtId: "",
        subjectToDutyToRefer: "no",
        description: "",
        publicInbox: "",
      }),
    },
  },
  "routes/organisations.$slug.close": {
    "-close": { as: "coordinator", fields: () => ({ confirm: "yes" }) },
  },
  "routes/organisations.$slug.merge": {
    "-merge": {
      as: "coordinator",
      setup: (f) => mergeFields(f.ownOrganisationId, f.otherOrganisationId),
      fields: (_f, s) => s,
    },
  },
  "routes/organisations.$slug.edit": {
    "-details": {
      as: "orglead",
      fields: (f) => ({ description: "Mental health services.", publicInbox: `housing@${f.ownSlug}.example.org` }),
    },
  },
  "routes/topics": {
    support: { as: "learner", fields: (f) => ({ intent: "support", topicId: String(f.topicId), support: "yes" }) },
    propose: { as: "learner", fields: () => ({ intent: "propose", title: "Pets in hostels", details: "" }) },
  },
  "routes/toolkit.new": {
    "-create": { as: "coordinator", fields: (f) => toolkitCardFields(f.ids.coordinator) },
  },
  "routes/toolkit.$slug._index": {
    flag: { as: "learner", fields: () => ({ intent: "flag", comment: "CAS3 referrals now go by email." }) },
    "resolve-flag": {
      as: "champion",
      refused: ["learner", "generalist", "orglead"],
      setup: (f) => ({ flagId: String(flagOnChecklist(f.ids.learner)) }),
      fields: (_f, s) => ({ intent: "resolve-flag", flagId: s.flagId }),
    },
    archive: { as: "coordinator", refused: NOT_STAFF, fields: () => ({ intent: "archive" }) },
    // Once archived, only staff can find the card: everyone else is answered 404.
    unarchive: {
      as: "coordinator",
      setup: () => {
        getDb()
          .$client.prepare("UPDATE toolkit_cards SET archived_at = 1 WHERE slug = 'prison-leaver-checklist'")
          .run();
        return {};
      },
      fields: () => ({ intent: "unarchive" }),
    },
  },
  "routes/toolkit.$slug.edit": {
    "-save": { as: "champion", fields: (f) => toolkitCardFields(f.ids.champion) },
  },
  "routes/toolkit.$slug.history": {
    restore: { as: "champion", fields: () => ({ intent: "restore", version: "1" }) },
  },
  "routes/toolkit.$slug.attachments": {
    "-upload": { as: "champion", fields: () => toolkitUpload() },
    remove: { as: "champion", fields: () => ({ intent: "remove", attachmentId: checklistFileId() }) },
  },
  "routes/barriers.new": {
    "-raise": {
      as: "learner",
      fields: (f) => ({
        title: "Work coaches cannot see whether a referral was received",
        whatHappened: "Referrals are sent, but nobody hears back, so the same person is referred twice.",
        whereItHappens: "Duty to Refer referrals from Jobcentre Plus",
        frequency: "weekly",
        organisationIds: String(f.otherOrganisationId),
      }),
    },
  },
  "routes/prevention.new": {
    "-log": {
      as: "champion",
      fields: (f) => ({
        actionOn: new Date().toISOString().slice(0, 10),
        districtId: "oxford",
        organisationId: String(f.ownOrganisationId),
        circumstanceId: firstCircumstanceId(),
        earliness: "within-56-days",
        action: "duty-to-refer",
        note: "Section 21 notice",
      }),
    },
  },
  "routes/prevention.training.new": {
    "-session": {
      as: "champion",
      fields: (f) => ({
        heldOn: new Date().toISOString().slice(0, 10),
        organisationId: String(f.ownOrganisationId),
        audienceSize: "12",
        audienceRoles: "Ward staff",
        tier: "3",
        lengthMinutes: "45",
      }),
    },
  },
  "routes/prevention.referrals": {
    acknowledge: {
      as: "coordinator",
      setup: () => unacknowledgedReferral(),
      fields: (_f, s) => ({ intent: "acknowledge", id: s.id, districtId: s.districtId }),
    },
  },
  "routes/prevention.outcome.$id.$token": {
    "-outcome": {
      as: "anonymous",
      setup: () => {
        const row = getDb()
          .$client.prepare("SELECT id, member_id FROM prevention_actions ORDER BY id LIMIT 1")
          .get() as {
          id: number;
          member_id: number;
        };
        return { id: String(row.id), token: outcomeLinkToken({ entryId: row.id, memberId: row.member_id }) };
      },
      url: (_f, s) => `/prevention/outcome/${s.id}/${s.token}`,
      params: (_f, s) => ({ id: s.id, token: s.token }),
      fields: () => ({ outcome: "prevented" }),
    },
  },
  "routes/barriers.$barrierId": {
    support: { as: "learner", fields: () => ({ intent: "support" }) },
    triage: {
      as: "coordinator",
      refused: NOT_STAFF,
      fields: () => ({
        intent: "triage",
        status: "being_worked_on",
        note: "On the agenda of the next workshop.",
        workshopId: "",
        toolkitCardId: "",
      }),
    },
  },
  "routes/workshops.$workshopId._index": {
    book: {
      as: "champion",
      fields: () => ({ intent: "book" }),
      url: (f) => `/workshops/${f.bookableId}`,
      params: (f) => ({ workshopId: String(f.bookableId) }),
    },
    cancel: { as: "champion", fields: () => ({ intent: "cancel" }) },
    apologies: { as: "champion", fields: (f) => ({ intent: "apologies", deputyId: String(f.championColleagueId) }) },
  },
  "routes/workshops.$workshopId.feedback": {
    "-feedback": {
      as: "champion",
      fields: () => ({ rating: "4", mostUseful: "The case discussion." }),
      url: (f) => `/workshops/${f.feedbackWorkshopId}/feedback`,
      params: (f) => ({ workshopId: String(f.feedbackWorkshopId) }),
    },
  },
  // Public actions: posted as anonymous.
  "routes/login": {
    "-sign-in": {
      as: "anonymous",
      fields: () => ({ email: "learner@example.org", password: DEMO_PASSWORD, redirectTo: "/learning" }),
    },
  },
  "routes/register": {
    "-register": {
      as: "anonymous",
      fields: (f) => ({
        name: "Rowan Newcomer",
        email: "rowan.newcomer@crisis.example.org",
        jobTitle: "Volunteer",
        password: "a long unusual passphrase 77",
        organisation: String(f.otherOrganisationId),
      }),
    },
  },
  "routes/logout": { "-sign-out": { as: "learner", fields: () => ({}) } },
  "routes/forgotten-password": { "-request": { as: "anonymous", fields: () => ({ email: "learner@example.org" }) } },
  "routes/reset-password.$token": {
    "-reset": {
      as: "anonymous",
      setup: (f) => ({ token: issuePasswordReset({ memberId: f.ids.learner, requestedBy: null })!.token }),
      url: (_f, s) => `/reset-password/${s.token}`,
      params: (_f, s) => ({ token: s.token }),
      fields: () => ({ password: "a long unusual passphrase 81" }),
    },
  },
  "routes/email-change.confirm.$token": {
    "-confirm": {
      as: "anonymous",
      setup: (f) => ({ token: emailChangeFor(f).token }),
      url: (_f, s) => `/email-change/confirm/${s.token}`,
      params: (_f, s) => ({ token: s.token }),
      fields: () => ({}),
    },
  },
  "routes/email-change.report.$token": {
    "-report": {
      as: "anonymous",
      setup: (f) => ({ token: emailChangeFor(f).reportToken }),
      url: (_f, s) => `/email-change/report/${s.token}`,
      params: (_f, s) => ({ token: s.token }),
      fields: () => ({}),
    },
  },
  // The second step, in the browser that gave the coordinator's right password a moment ago (see prepare).
  "routes/login_.two-step": {
    "-code": {
      as: "anonymous",
      setup: () => ({}),
      fields: () => ({ code: totpCode({ base32: DEMO_TWO_STEP_SECRET }) }),
    },
  },
  "routes/invite.$token": {
    "-accept": {
      as: "anonymous",
      setup: (f) => ({ token: inviteSomeone(f) }),
      url: (_f, s) => `/invite/${s.token}`,
      params: (_f, s) => ({ token: s.token }),
      fields: () => ({ password: "a long unusual passphrase 78" }),
    },
  },
  "routes/directory.confirm.$token": {
    "-confirm": {
      as: "anonymous",
      setup: (f) => ({ token: issueConfirmToken({ contactId: f.otherContactId }) }),
      url: (_f, s) => `/directory/confirm/${s.token}`,
      params: (_f, s) => ({ token: s.token }),
      fields: () => ({}),
    },
  },
  "routes/unsubscribe.$token": {
    "-one-click": {
      as: "anonymous",
      setup: (f) => ({ token: unsubscribeToken({ memberId: f.ids.learner, kind: "digest" }) }),
      url: (_f, s) => `/unsubscribe/${s.token}`,
      params: (_f, s) => ({ token: s.token }),
      fields: () => ({ "List-Unsubscribe": "One-Click" }),
    },
  },
};

/** A circumstance from the "who do I call?" list, as the log form sends it. */
function firstCircumstanceId() {
  return (getDb().$client.prepare("SELECT min(id) AS id FROM circumstances").get() as { id: string }).id;
}

/** A demo Duty to Refer referral no one has acknowledged yet. */
function unacknowledgedReferral() {
  const row = getDb()
    .$client.prepare(
      "SELECT id, district_id FROM prevention_actions WHERE action = 'duty-to-refer' AND acknowledged_at IS NULL LIMIT 1",
    )
    .get() as { id: number; district_id: string };
  return { id: String(row.id), districtId: row.district_id };
}

/** The demo checklist's file, as a route parameter. */
function checklistFileId() {
  const row = getDb()
    .$client.prepare(
      "SELECT min(a.id) AS id FROM toolkit_attachments a JOIN toolkit_cards c ON c.id = a.card_id WHERE c.slug = 'prison-leaver-checklist'",
    )
    .get() as { id: number };
  return String(row.id);
}

/** An open flag on the demo checklist. */
function flagOnChecklist(memberId: number) {
  const db = getDb().$client;
  const card = db.prepare("SELECT id FROM toolkit_cards WHERE slug = 'prison-leaver-checklist'").get() as {
    id: number;
  };
  return db
    .prepare("INSERT INTO toolkit_flags (card_id, raised_by_id, comment, created_at) VALUES (?, ?, 'Out of date', ?)")
    .run(card.id, memberId, Date.now()).lastInsertRowid;
}

function toolkitCardFields(ownerId: number): Fields {
  return {
    title: "Leaving prison: every option",
    type: "checklist",
    body: "## Before release\n\n- Refer under the Duty to Refer.",
    visibility: "members",
    circumstanceIds: "leaving-prison",
    sectors: "criminal justice",
    ownerId: String(ownerId),
    reviewOn: london(300),
    note: "Shorter title",
  };
}

function toolkitUpload() {
  const form = new FormData();
  form.set("file", new File(["%PDF-1.4\n%%EOF\n"], "release plan.pdf", { type: "application/pdf" }));
  return form;
}

/** The id of the first demo barrier, as a route parameter. */
function firstBarrierId() {
  const row = getDb().$client.prepare("SELECT min(id) AS id FROM barriers").get() as { id: number };
  return String(row.id);
}

function seriesFields(intent: string): Fields {
  const first = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 7);
  const { date: _d, closesDate: _c, closesTime: _t, ...details } = workshopFields();
  return {
    intent,
    ...details,
    firstMonth: first,
    everyMonths: "2",
    weekOfMonth: "3",
    weekday: "2",
    count: "2",
    closesDaysBefore: "2",
  };
}

function uploadForm() {
  const form = new FormData();
  form.set("file", new File([importCsv], "members.csv", { type: "text/csv" }));
  return form;
}

function inviteSomeone(f: Fixture) {
  const { id } = createMember({
    email: "ivy.invitee@crisis.example.org",
    name: "Ivy Invitee",
    jobTitle: "Volunteer",
    organisationId: f.otherOrganisationId,
    passwordHash: unusablePasswordHash(),
  });
  return inviteMember({ memberId: id, invitedBy: f.ids.coordinator }).token;
}

/** Someone at the other organisation who has an invitation and has not set a password yet. */
function invitedMemberId(f: Fixture) {
  const { id } = createMember({
    email: "ira.invited@crisis.example.org",
    name: "Ira Invited",
    jobTitle: "Volunteer",
    organisationId: f.otherOrganisationId,
    passwordHash: unusablePasswordHash(),
  });
  inviteMember({ memberId: id, invitedBy: f.ids.coordinator });
  return id;
}

/** The demo learner asks to move to a new address: the links to confirm it and to report it. */
function emailChangeFor(f: Fixture) {
  const change = requestEmailChange({ memberId: f.ids.learner, newEmail: "sam.moved@example.org" });
  if (change.outcome !== "sent") throw new Error(`email change not sent: ${change.outcome}`);
  return change;
}

// ---------------------------------------------------------------------------
// Calling loaders and actions in-process.

let manifest: Promise<Array<{ id: string; file: string }>> | undefined;
/** The routes in the Remix route manifest (read once). */
function routeIds() {
  manifest ??= import("@remix-run/dev/dist/config.js")
    .then(({ readConfig }) => readConfig(path.resolve(".")))
    .then((config) => Object.values(config.routes).map((r) => ({ id: r.id, file: r.file })));
  return manifest;
}

const modules = new Map<
  string,
  { loader?: (args: never) => unknown; action?: (args: never) => unknown; source: string }
>();
async function routeModule(id: string) {
  if (!modules.has(id)) {
    const { file } = (await routeIds()).find((r) => r.id === id)!;
    const full = path.resolve("app", file);
    modules.set(id, { ...(await import(/* @vite-ignore */ full)), source: fs.readFileSync(full, "utf8") });
  }
  return modules.get(id)!;
}

type Answer = { status: number; body: string; location: string | null; json: Record<string, unknown> | null };

async function request(
  fn: ((args: never) => unknown) | undefined,
  url: string,
  params: Record<string, string>,
  cookie: string | undefined,
  fields?: Fields | FormData,
): Promise<Answer> {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  let body: string | FormData | undefined;
  if (fields instanceof FormData) body = fields;
  else if (fields) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(fields))
      for (const value of Array.isArray(v) ? v : [v]) search.append(k, value);
    body = search.toString();
  }
  const response = await call(
    fn as never,
    new Request(`http://localhost:3000${url}`, { method: fields ? "POST" : "GET", headers, body }),
    params,
    testContext,
  );
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, body: text, location: response.headers.get("Location"), json };
}

/** Runs a request and reports the tables it wrote to. */
async function watched(...args: Parameters<typeof request>) {
  const { result, tables } = await writesDuring(() => request(...args));
  return { ...result, tables };
}

/** Intents a route's source names: the values its forms post as `intent`, and those its action compares `intent` with. */
function intentsInSource(source: string) {
  const found = new Set<string>();
  for (const pattern of [
    /name="intent"\s+value="([^"]+)"/g,
    /"intent"\)\s*[!=]==\s*"([^"]+)"/g,
    /\bintent\s*[!=]==\s*"([^"]+)"/g,
  ]) {
    for (const match of source.matchAll(pattern)) found.add(match[1]);
  }
  for (const match of source.matchAll(/intent:\s*z\.enum\(\[([^\]]*)\]/g))
    for (const value of match[1].matchAll(/"([^"]+)"/g)) found.add(value[1]);
  return [...found].sort();
}

/** The rows of a CSV download, read back by csv-parse, split into its tables (a blank line between tables). */
function csvTables(text: string) {
  const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  const tables: Array<{ caption: string; columns: string[]; rows: string[][] }> = [];
  let current: string[][] = [];
  for (const record of [...records, [""]]) {
    if (record.length === 1 && record[0] === "") {
      if (current.length) tables.push({ caption: current[0][0], columns: current[1] ?? [], rows: current.slice(2) });
      current = [];
    } else current.push(record);
  }
  return tables;
}

function fieldErrorsOf(answer: Answer) {
  return answer.json && typeof answer.json === "object" && "fieldErrors" in answer.json
    ? answer.json.fieldErrors
    : undefined;
}

/** Markers a role must never find in an answer: the other organisation's marked records, and certificates that are not theirs. */
function markersHiddenFrom(role: Role, f: Fixture) {
  const markers = [
    OTHER_MARK,
    HIDDEN_PHONE,
    HIDDEN_MOBILE,
    HIDDEN_PHONE.replace(/\s/g, ""),
    HIDDEN_MOBILE.replace(/\s/g, ""),
    f.otherCode,
    formatCertificateCode(f.otherCode),
    f.colleagueCode,
    formatCertificateCode(f.colleagueCode),
  ];
  // The lead's own member is another organisation's to every learner.
  if (role !== "orglead") markers.push(OWN_MARK.toLowerCase(), f.ownCode, formatCertificateCode(f.ownCode));
  return markers.map((m) => m.toLowerCase());
}

const SCOPED: Role[] = ["orglead", "learner", "generalist", "champion"];

/** Further answers the scoped roles get, beyond each route's matrix URL, with the status each must have. */
function scopeUrls(
  f: Fixture,
): Array<{ route: string; url: string; params: Record<string, string>; status?: Partial<Record<Role, Outcome>> }> {
  const urls: ReturnType<typeof scopeUrls> = [
    { route: "routes/organisations.$slug._index", url: `/organisations/${f.otherSlug}`, params: { slug: f.otherSlug } },
    {
      route: "routes/members.$memberId",
      url: `/members/${f.ownMemberId}`,
      params: { memberId: String(f.ownMemberId) },
      status: { orglead: 200, learner: 403 },
    },
    {
      route: "routes/members.$memberId_.sign-in-help",
      url: `/members/${f.ownMemberId}/sign-in-help`,
      params: { memberId: String(f.ownMemberId) },
      status: { orglead: 200, learner: 403 },
    },
    {
      route: "routes/certificates.$code._index",
      url: `/certificates/${f.ownCode}`,
      params: { code: f.ownCode },
      status: { orglead: 200, learner: 403, champion: 403 },
    },
    {
      route: "routes/certificates.$code._index",
      url: `/certificates/${f.colleagueCode}`,
      params: { code: f.colleagueCode },
      status: { orglead: 403, learner: 403 },
    },
    {
      route: "routes/learn.$moduleId.check.$attemptId",
      url: `/learn/homelessness-awareness/check/${f.otherAttemptId}`,
      params: { moduleId: "homelessness-awareness", attemptId: String(f.otherAttemptId) },
      status: { orglead: 404, learner: 404 },
    },
    {
      route: "routes/learn.$moduleId.check.$attemptId",
      url: `/learn/homelessness-awareness/check/${f.colleagueAttemptId}`,
      params: { moduleId: "homelessness-awareness", attemptId: String(f.colleagueAttemptId) },
      status: { learner: 404 },
    },
    {
      route: "routes/directory._index",
      url: `/directory?organisation=${f.otherOrganisationId}`,
      params: {},
      status: { orglead: 200 },
    },
    { route: "routes/directory._index", url: `/directory?q=quillfeather`, params: {}, status: { learner: 200 } },
    { route: "routes/directory._index", url: "/directory?q=markerson", params: {} },
    {
      route: "routes/directory.contacts.$contactId._index",
      url: `/directory/contacts/${f.otherContactId}`,
      params: { contactId: String(f.otherContactId) },
      status: { orglead: 200, learner: 200 },
    },
    {
      route: "routes/directory.contacts.$contactId.vcard",
      url: `/directory/contacts/${f.otherContactId}/vcard`,
      params: { contactId: String(f.otherContactId) },
      status: { orglead: 200 },
    },
    {
      route: "routes/directory.find",
      url: `/directory/find?district=oxford&organisation=${f.otherOrganisationId}`,
      params: {},
    },
    {
      route: "routes/workshops.$workshopId._index",
      url: `/workshops/${f.upcomingId}`,
      params: { workshopId: String(f.upcomingId) },
    },
    {
      route: "routes/reports.$report",
      url: `/reports/attendance?organisation=${f.otherOrganisationId}`,
      params: { report: "attendance" },
      status: { orglead: 403 },
    },
  ];
  for (const report of REPORT_IDS) {
    for (const query of [
      "",
      `?organisation=${f.ownOrganisationId}`,
      "?tier=1",
      "?district=oxford",
      "?from=2000-01-01",
    ]) {
      urls.push({
        route: "routes/reports.$report",
        url: `/reports/${report}${query}`,
        params: { report },
        status: { orglead: 200, learner: 403 },
      });
      urls.push({
        route: "routes/reports.$report_.csv",
        url: `/reports/${report}/csv${query}`,
        params: { report },
        status: { orglead: 200, learner: 403 },
      });
    }
  }
  return urls;
}

describe("access matrix", () => {
  it("has an entry for every route and a body for every intent its action accepts, and none for what is gone", async () => {
    const routes = await routeIds();
    const ids = routes.map((r) => r.id).sort();
    expect(ids.filter((id) => !(id in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !ids.includes(id))).toEqual([]);
    const problems: string[] = [];
    for (const { id } of routes) {
      const module = await routeModule(id);
      const bodies = INTENTS[id];
      if (!module.action) {
        if (bodies) problems.push(`${id}: bodies for an action that is gone`);
        continue;
      }
      if (!bodies) {
        problems.push(`${id}: an action without bodies in INTENTS`);
        continue;
      }
      const intents = intentsInSource(module.source);
      const named = Object.keys(bodies)
        .filter((k) => !NOT_AN_INTENT.test(k))
        .sort();
      for (const intent of intents) if (!named.includes(intent)) problems.push(`${id}: intent "${intent}" has no body`);
      for (const intent of named)
        if (!intents.includes(intent))
          problems.push(`${id}: a body for intent "${intent}", which the route no longer names`);
      if (intents.length === 0 && named.length > 0) problems.push(`${id}: reads no intent`);
    }
    expect(problems).toEqual([]);
  });

  it("answers every loader as the matrix says for every role, and refuses the lead another organisation's pages", async () => {
    const f = await useMarkedWorld();
    const failures: string[] = [];
    for (const { id } of await routeIds()) {
      const entry = MATRIX[id];
      const module = await routeModule(id);
      if (module.loader && !entry.loader) failures.push(`${id}: has a loader but no expectation`);
      if (!module.loader || !entry.loader) continue;
      for (const role of ROLES) {
        const { status } = await request(module.loader, entry.url(f), entry.params(f), f.cookies[role]);
        if (status !== entry.loader[role])
          failures.push(`${id} loader as ${role}: expected ${entry.loader[role]}, got ${status}`);
      }
      const other = OTHER_ORGANISATION[id];
      if (other) {
        const { url, params } = other(f);
        const { status } = await request(module.loader, url, params, f.cookies.orglead);
        if (status !== 403)
          failures.push(`${id} loader as orglead for another organisation: expected 403, got ${status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("runs every intent of every action for the role allowed, and refuses the others without changing anything", async () => {
    const f = await useMarkedWorld();
    const failures: string[] = [];
    for (const { id } of await routeIds()) {
      const entry = MATRIX[id];
      const module = await routeModule(id);
      if (!module.action) continue;
      if (entry.action === undefined) {
        failures.push(`${id}: has an action but no expectation`);
        continue;
      }
      for (const [intent, body] of Object.entries(INTENTS[id] ?? {})) {
        const roles: Role[] = entry.action === "public" ? [body.as] : ROLES;
        for (const role of roles) {
          // Each call starts from the same world: what it (and its setup) wrote is rolled back.
          const answer = await rolledBack(async () => {
            const setup = body.setup ? await prepare(id, body, f) : {};
            const url = body.url?.(f, setup) ?? entry.url(f);
            const params = body.params?.(f, setup) ?? entry.params(f);
            return watched(module.action, url, params, setup.cookie ?? f.cookies[role], body.fields(f, setup));
          });
          const where = `${id} ${intent} as ${role}`;
          if (answer.status >= 500) failures.push(`${where}: ${answer.status}`);
          else if (role === body.as) {
            const errors = fieldErrorsOf(answer);
            if (answer.status >= 400 || errors)
              failures.push(
                `${where}: the valid body failed with ${answer.status} ${JSON.stringify(errors ?? answer.body.slice(0, 200))}`,
              );
            if ((body.writes ?? true) !== answer.tables.length > 0)
              failures.push(
                `${where}: expected ${(body.writes ?? true) ? "a change" : "no change"}, wrote [${answer.tables}]`,
              );
          } else if (entry.action !== "public" && role === "anonymous") {
            if (answer.status !== 302 || !answer.location?.startsWith("/login"))
              failures.push(`${where}: expected a redirect to sign in, got ${answer.status}`);
            if (answer.tables.length) failures.push(`${where}: refused, yet wrote [${answer.tables}]`);
          } else if (entry.action !== "public" && [...entry.action, ...(body.refused ?? [])].includes(role)) {
            if (answer.status !== 403) failures.push(`${where}: expected 403, got ${answer.status}`);
            if (answer.tables.length) failures.push(`${where}: refused, yet wrote [${answer.tables}]`);
          } else if (answer.status === 403) failures.push(`${where}: refused a role the matrix allows`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("gives the organisation lead and every learner answers that hold nothing of another organisation or another member", async () => {
    const f = await useMarkedWorld();
    const failures: string[] = [];
    const checked: Record<Role, number> = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
    const targets: Array<{
      route: string;
      url: string;
      params: Record<string, string>;
      status?: Partial<Record<Role, Outcome>>;
    }> = [];
    for (const { id } of await routeIds()) {
      const entry = MATRIX[id];
      if (entry.loader) targets.push({ route: id, url: entry.url(f), params: entry.params(f), status: entry.loader });
    }
    targets.push(...scopeUrls(f));
    for (const role of SCOPED) {
      const markers = markersHiddenFrom(role, f);
      for (const target of targets) {
        const module = await routeModule(target.route);
        const answer = await request(module.loader, target.url, target.params, f.cookies[role]);
        const expected = target.status?.[role];
        if (expected !== undefined && answer.status !== expected)
          failures.push(`${target.url} as ${role}: expected ${expected}, got ${answer.status}`);
        const body = answer.body.toLowerCase();
        const found = markers.filter((m) => body.includes(m));
        if (found.length) failures.push(`${target.url} as ${role} (${answer.status}) holds ${found.join(", ")}`);
        if (answer.status === 200) checked[role] += 1;
      }
    }
    expect(failures).toEqual([]);
    // Each role really read its pages (not a wall of refusals).
    for (const role of SCOPED) expect(checked[role], role).toBeGreaterThan(30);
  }, 120_000);

  it("shows the lead their own members, and the coordinator the marked records, so the search above can find what it looks for", async () => {
    const f = await useMarkedWorld();
    const get = async (route: string, url: string, params: Record<string, string>, role: Role) =>
      (await request((await routeModule(route)).loader, url, params, f.cookies[role])).body;
    expect(
      await get(
        "routes/organisations.$slug.members",
        `/organisations/${f.ownSlug}/members`,
        { slug: f.ownSlug },
        "orglead",
      ),
    ).toContain(`${OWN_MARK} Fellwalker`);
    expect(
      await get("routes/certificates.$code._index", `/certificates/${f.ownCode}`, { code: f.ownCode }, "orglead"),
    ).toContain(`${OWN_MARK} Fellwalker`);
    expect(
      await get("routes/reports.$report_.csv", "/reports/refreshers/csv", { report: "refreshers" }, "orglead"),
    ).toContain(`${OWN_MARK} Fellwalker`);
    expect(
      await get("routes/reports.$report_.csv", "/reports/refreshers/csv", { report: "refreshers" }, "coordinator"),
    ).toContain("Zqxv Markerson");
    expect(await get("routes/reports.$report", "/reports/feedback", { report: "feedback" }, "coordinator")).toContain(
      "Zqxv generalist session",
    );
    expect(
      await get(
        "routes/members.$memberId",
        `/members/${f.otherMemberId}`,
        { memberId: String(f.otherMemberId) },
        "coordinator",
      ),
    ).toContain(f.otherCode);
    // Who looked at the lead's own contact: the lead is told someone elsewhere did; the coordinator is told who.
    const ownContact = [
      "routes/organisations.$slug.contacts.$contactId",
      `/organisations/${f.ownSlug}/contacts/${f.ownContactId}`,
      { slug: f.ownSlug, contactId: String(f.ownContactId) },
    ] as const;
    expect(await get(...ownContact, "orglead")).toContain("Someone at another organisation");
    expect(await get(...ownContact, "coordinator")).toContain("Zqxv Markerson");
    const contact = `/organisations/${f.otherSlug}/contacts/${f.otherContactId}`;
    expect(
      await get(
        "routes/organisations.$slug.contacts.$contactId",
        contact,
        { slug: f.otherSlug, contactId: String(f.otherContactId) },
        "coordinator",
      ),
    ).toContain(HIDDEN_PHONE);
    expect(await get("routes/learning", "/learning", {}, "learner")).not.toContain(f.colleagueCode);
    expect(await get("routes/learning", "/learning", {}, "champion")).toContain(f.championCode);
  }, 60_000);

  it("gives a learner only their own learning record, certificates and bookings", async () => {
    const f = await useMarkedWorld();
    const db = getDb().$client;
    for (const role of ["learner", "generalist", "champion"] as const) {
      const memberId = f.ids[role];
      const learning = (await request((await routeModule("routes/learning")).loader, "/learning", {}, f.cookies[role]))
        .json as { certificates: Array<{ code: string }>; attendance: Array<{ workshopId: number }> };
      const codes = (
        db
          .prepare("SELECT certificate_code AS code FROM completions WHERE member_id = ? ORDER BY code")
          .all(memberId) as Array<{ code: string }>
      ).map((c) => c.code);
      expect(learning.certificates.map((c) => c.code).sort(), role).toEqual(codes);
      const attended = (
        db.prepare("SELECT workshop_id AS id FROM attendance WHERE member_id = ? ORDER BY id").all(memberId) as Array<{
          id: number;
        }>
      ).map((a) => a.id);
      expect(
        learning.attendance.map((a) => a.workshopId).sort((a, b) => a - b),
        role,
      ).toEqual(attended);
      const workshops = (
        await request((await routeModule("routes/workshops._index")).loader, "/workshops", {}, f.cookies[role])
      ).json as { mine: Array<{ id: number }> };
      const booked = db
        .prepare(
          "SELECT b.workshop_id AS id FROM bookings b JOIN workshops w ON w.id = b.workshop_id WHERE b.member_id = ? AND w.starts_at > ? AND b.status IN ('booked', 'waiting') ORDER BY id",
        )
        .all(memberId, Date.now()) as Array<{ id: number }>;
      expect(
        workshops.mine.map((w) => w.id).sort((a, b) => a - b),
        role,
      ).toEqual(booked.map((b) => b.id));
      const data = (
        await request((await routeModule("routes/account_.data")).loader, "/account/data", {}, f.cookies[role])
      ).body;
      for (const marker of markersHiddenFrom(role, f))
        expect(data.toLowerCase(), `${role}'s data download`).not.toContain(marker);
    }
  }, 60_000);

  it("keeps another organisation's rows out of the lead's CSV downloads, read back with a CSV parser", async () => {
    const f = await useMarkedWorld();
    const csv = (await routeModule("routes/reports.$report_.csv")).loader;
    const records = (text: string) => parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;
    for (const report of REPORT_IDS) {
      const organisationsSeen = new Set<string>();
      for (const { id: table } of showReport(readReport(report, {})).tables) {
        for (const query of ["", "&tier=1", "&district=oxford", "&from=2000-01-01"]) {
          const lead = await request(
            csv,
            `/reports/${report}/csv?table=${table}${query}`,
            { report },
            f.cookies.orglead,
          );
          expect(lead.status).toBe(200);
          const rows = records(lead.body);
          // The impact report's tables end with their totals row, "Total" in the first column.
          if (rows.length && "Organisation" in rows[0])
            expect(
              new Set(rows.filter((r) => report !== "impact" || r.Organisation !== "Total").map((r) => r.Organisation)),
              `${report} ${table}${query}`,
            ).toEqual(new Set([f.ownName]));
          for (const row of rows)
            for (const marker of markersHiddenFrom("orglead", f))
              expect(Object.values(row).join(",").toLowerCase()).not.toContain(marker);
        }
        // The same download for the coordinator has other organisations' rows: the check above can fail.
        for (const row of records(
          (await request(csv, `/reports/${report}/csv?table=${table}`, { report }, f.cookies.coordinator)).body,
        )) {
          if (row.Organisation !== undefined) organisationsSeen.add(row.Organisation);
        }
      }
      if (report !== "feedback") expect(organisationsSeen.size, report).toBeGreaterThan(1);
    }
    const exported = (await routeModule("routes/directory.export")).loader;
    const lead = await request(exported, "/directory/export", {}, f.cookies.orglead);
    expect(lead.status).toBe(403);
    expect(lead.body).not.toContain(f.otherName);
    const all = csvTables(
      `Directory\n${(await request(exported, "/directory/export", {}, f.cookies.coordinator)).body}`,
    )[0];
    const quillfeather = all.rows.find((r) => r[0] === "Directory Quillfeather")!;
    expect(quillfeather[all.columns.indexOf("Organisation")]).toBe(f.otherName);
    expect(quillfeather.join(",")).not.toContain(HIDDEN_PHONE);
    expect(quillfeather.join(",")).not.toContain(HIDDEN_MOBILE);
  }, 60_000);

  it("refuses every action tried on another organisation's records, and changes nothing", async () => {
    const f = await useMarkedWorld();
    const failures: string[] = [];
    const memberRow = (id: number) =>
      JSON.stringify(getDb().$client.prepare("SELECT * FROM members WHERE id = ?").get(id));
    const contactRow = (id: number) =>
      JSON.stringify(getDb().$client.prepare("SELECT * FROM contacts WHERE id = ?").get(id));
    type Attempt = {
      route: string;
      as: Role;
      url: string;
      params: Record<string, string>;
      fields: Fields;
      status: number[];
      unchanged?: () => string;
    };
    const other = { slug: f.otherSlug, contactId: String(f.otherContactId) };
    const attempts: Attempt[] = [
      {
        route: "routes/organisations.$slug.edit",
        as: "orglead",
        url: `/organisations/${f.otherSlug}/edit`,
        params: { slug: f.otherSlug },
        fields: { description: "Taken over.", publicInbox: "" },
        status: [403],
      },
      {
        route: "routes/organisations.$slug.contacts._index",
        as: "orglead",
        url: `/organisations/${f.otherSlug}/contacts`,
        params: { slug: f.otherSlug },
        fields: { memberId: String(f.otherMemberId), ...contactFields() },
        status: [403],
      },
      // Their own organisation's form, another organisation's member.
      {
        route: "routes/organisations.$slug.contacts._index",
        as: "orglead",
        url: `/organisations/${f.ownSlug}/contacts`,
        params: { slug: f.ownSlug },
        fields: { memberId: String(f.otherMemberId), ...contactFields() },
        status: [400],
      },
      ...["save", "remove"].flatMap((intent): Attempt[] => [
        {
          route: "routes/organisations.$slug.contacts.$contactId",
          as: "orglead",
          url: `/organisations/${f.otherSlug}/contacts/${f.otherContactId}`,
          params: other,
          fields: { intent, ...contactFields() },
          status: [403],
        },
        {
          route: "routes/organisations.$slug.contacts.$contactId",
          as: "orglead",
          url: `/organisations/${f.ownSlug}/contacts/${f.otherContactId}`,
          params: { slug: f.ownSlug, contactId: String(f.otherContactId) },
          fields: { intent, ...contactFields() },
          status: [404],
        },
        {
          route: "routes/organisations.$slug.contacts.$contactId",
          as: "orglead",
          url: `/organisations/${f.otherSlug}/contacts/${f.ownContactId}`,
          params: { slug: f.otherSlug, contactId: String(f.ownContactId) },
          fields: { intent, ...contactFields() },
          status: [404],
        },
        // A member edits only their own entry, whatever contact the form names.
        {
          route: "routes/account_.directory",
          as: "champion",
          url: "/account/directory",
          params: {},
          fields: { intent, contactId: String(f.otherContactId), id: String(f.otherContactId), ...contactFields() },
          status: [302],
          unchanged: () => contactRow(f.otherContactId),
        },
      ]),
      ...[f.otherMemberId, f.ownMemberId].flatMap((memberId): Attempt[] => [
        {
          route: "routes/members.$memberId",
          as: "orglead",
          url: `/members/${memberId}`,
          params: { memberId: String(memberId) },
          fields: { role: "org_lead", tier: "1", organisationId: String(f.ownOrganisationId), status: "deactivated" },
          status: [403],
        },
        {
          route: "routes/members.$memberId_.erase",
          as: "orglead",
          url: `/members/${memberId}/erase`,
          params: { memberId: String(memberId) },
          fields: { confirm: "yes" },
          status: [403],
        },
      ]),
      {
        route: "routes/members.invite",
        as: "orglead",
        url: "/members/invite",
        params: {},
        fields: {
          name: "Ira Invitewell",
          email: "ira.invitewell@crisis.example.org",
          jobTitle: "Advice worker",
          organisationId: String(f.otherOrganisationId),
          tier: "3",
          role: "org_lead",
        },
        status: [403],
      },
      ...["reset", "reinvite"].map((intent): Attempt => ({
        route: "routes/members.$memberId_.sign-in-help",
        as: "orglead",
        url: `/members/${f.otherMemberId}/sign-in-help`,
        params: { memberId: String(f.otherMemberId) },
        fields: { intent },
        status: [403],
      })),
      {
        route: "routes/manage.workshops.$workshopId.register",
        as: "orglead",
        url: `/manage/workshops/${f.markedWorkshopId}/register`,
        params: { workshopId: String(f.markedWorkshopId) },
        fields: { intent: "save", [`mark:${f.otherMemberId}`]: "absent" },
        status: [403],
      },
      {
        route: "routes/manage.workshops.$workshopId.register",
        as: "orglead",
        url: `/manage/workshops/${f.markedWorkshopId}/register`,
        params: { workshopId: String(f.markedWorkshopId) },
        fields: { intent: "all" },
        status: [403],
      },
      {
        route: "routes/manage.workshops.$workshopId._index",
        as: "orglead",
        url: `/manage/workshops/${f.markedWorkshopId}`,
        params: { workshopId: String(f.markedWorkshopId) },
        fields: { intent: "cancel", reason: "" },
        status: [403],
      },
      // A deputy from another organisation, and feedback on a workshop someone else attended.
      {
        route: "routes/workshops.$workshopId._index",
        as: "champion",
        url: `/workshops/${f.upcomingId}`,
        params: { workshopId: String(f.upcomingId) },
        fields: { intent: "apologies", deputyId: String(f.otherContactMemberId) },
        status: [400],
      },
      {
        route: "routes/workshops.$workshopId.feedback",
        as: "orglead",
        url: `/workshops/${f.markedWorkshopId}/feedback`,
        params: { workshopId: String(f.markedWorkshopId) },
        fields: { rating: "1", mostUseful: "" },
        status: [400],
      },
      // Profile changes are the member's own, whatever else the form carries.
      {
        route: "routes/account",
        as: "orglead",
        url: "/account",
        params: {},
        fields: {
          name: "Jo Fernley",
          jobTitle: "Ward manager",
          id: String(f.otherMemberId),
          memberId: String(f.otherMemberId),
          role: "admin",
          organisationId: String(f.otherOrganisationId),
        },
        status: [302],
        unchanged: () => memberRow(f.otherMemberId),
      },
    ];
    for (const attempt of attempts) {
      const before = attempt.unchanged?.();
      const module = await routeModule(attempt.route);
      const where = `${attempt.route} ${attempt.url} ${JSON.stringify(attempt.fields).slice(0, 60)} as ${attempt.as}`;
      await rolledBack(async () => {
        const answer = await watched(module.action, attempt.url, attempt.params, f.cookies[attempt.as], attempt.fields);
        if (!attempt.status.includes(answer.status))
          failures.push(`${where}: expected ${attempt.status}, got ${answer.status}`);
        if (attempt.unchanged) {
          if (attempt.unchanged() !== before) failures.push(`${where}: changed the other organisation's record`);
        } else if (answer.tables.length) failures.push(`${where}: wrote [${answer.tables}]`);
        // Whatever the form claimed, the lead is still a lead of their own organisation.
        const lead = getDb()
          .$client.prepare("SELECT role, organisation_id AS organisationId FROM members WHERE id = ?")
          .get(f.ids.orglead);
        if (JSON.stringify(lead) !== JSON.stringify({ role: "org_lead", organisationId: f.ownOrganisationId }))
          failures.push(`${where}: changed the lead to ${JSON.stringify(lead)}`);
      });
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("answers the public actions and the certificate check for anonymous visitors, valid and hostile, changing nothing when it refuses", async () => {
    let f = await useMarkedWorld();
    const db = () => getDb().$client;
    const count = (table: string) => (db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const action = async (route: string) => (await routeModule(route)).action;
    const loader = async (route: string) => (await routeModule(route)).loader;

    // Register: a valid body makes a Tier 3 learner whatever else it claims; a taken email changes nobody.
    const register = await watched(await action("routes/register"), "/register", {}, undefined, {
      ...(INTENTS["routes/register"]["-register"].fields(f, {}) as Fields),
      role: "admin",
      tier: "1",
      status: "active",
    });
    expect(register.status).toBe(302);
    expect(
      db()
        .prepare(
          "SELECT role, tier, organisation_id AS organisationId FROM members WHERE email = 'rowan.newcomer@crisis.example.org'",
        )
        .get(),
    ).toEqual({ role: "learner", tier: 3, organisationId: f.otherOrganisationId });
    f = await useMarkedWorld();
    const markedBefore = JSON.stringify(db().prepare("SELECT * FROM members WHERE id = ?").get(f.otherMemberId));
    const members = count("members");
    for (const fields of [
      {
        name: "Someone Else",
        email: f.otherMemberEmail,
        jobTitle: "",
        password: "a long unusual passphrase 77",
        organisation: String(f.otherOrganisationId),
      },
      {
        name: "Someone Else",
        email: f.otherMemberEmail.toUpperCase(),
        jobTitle: "",
        password: "a long unusual passphrase 77",
        organisation: String(f.otherOrganisationId),
      },
      {
        name: "Someone Else",
        email: "new.person@example.org",
        jobTitle: "",
        password: "a long unusual passphrase 77",
        organisation: "999999",
      },
      {
        name: "<script>alert(1)</script>",
        email: "' OR 1=1 --",
        jobTitle: "",
        password: "short",
        organisation: "1 OR 1=1",
      },
    ]) {
      const answer = await watched(await action("routes/register"), "/register", {}, undefined, fields);
      expect(answer.status, JSON.stringify(fields)).toBe(400);
      expect(answer.tables, JSON.stringify(fields)).toEqual([]);
    }
    expect(count("members")).toBe(members);
    expect(JSON.stringify(db().prepare("SELECT * FROM members WHERE id = ?").get(f.otherMemberId))).toBe(markedBefore);

    // Sign in: the right password signs in; a wrong one, or another member's email, does not.
    const signIn = await watched(await action("routes/login"), "/login", {}, undefined, {
      email: "learner@example.org",
      password: DEMO_PASSWORD,
      redirectTo: "//evil.example.org",
    });
    expect(signIn.status).toBe(302);
    expect(signIn.location).toBe("/");
    const sessions = count("sessions");
    for (const fields of [
      { email: "learner@example.org", password: "not the password" },
      { email: f.otherMemberEmail, password: "' OR '1'='1" },
      { email: "nobody@example.org", password: DEMO_PASSWORD },
    ]) {
      const answer = await watched(await action("routes/login"), "/login", {}, undefined, fields);
      expect(answer.status, fields.email).toBe(400);
      expect(
        answer.tables.filter((t) => t !== "sign_in_attempts"),
        fields.email,
      ).toEqual([]);
    }
    expect(count("sessions")).toBe(sessions);

    // An invitation: a bad token, or a weak password, changes nothing; the real token sets the password once.
    f = await useMarkedWorld();
    const token = inviteSomeone(f);
    const invite = await action("routes/invite.$token");
    for (const [bad, password, status] of [
      ["not-a-real-token-000000000000", "a long unusual passphrase 78", 404],
      [token, "short", 400],
      [`${token}x`, "a long unusual passphrase 78", 404],
    ] as const) {
      const answer = await watched(invite, `/invite/${bad}`, { token: bad }, undefined, { password });
      expect(answer.status).toBe(status);
      expect(answer.tables).toEqual([]);
    }
    expect(
      (await watched(invite, `/invite/${token}`, { token }, undefined, { password: "a long unusual passphrase 78" }))
        .status,
    ).toBe(302);
    const again = await watched(invite, `/invite/${token}`, { token }, undefined, {
      password: "a long unusual passphrase 79",
    });
    expect(again.status).toBe(404);
    expect(again.tables).toEqual([]);

    // Directory confirmation: only the token's own contact is confirmed, and only with the token.
    f = await useMarkedWorld();
    const confirmToken = issueConfirmToken({ contactId: f.otherContactId });
    const confirm = await action("routes/directory.confirm.$token");
    for (const bad of [
      "not-a-real-token-000000000",
      `${confirmToken.slice(0, -1)}${confirmToken.endsWith("A") ? "B" : "A"}`,
      "' OR 1=1 --",
    ]) {
      const answer = await watched(
        confirm,
        `/directory/confirm/${encodeURIComponent(bad)}`,
        { token: bad },
        undefined,
        { contactId: String(f.ownContactId) },
      );
      expect(answer.status, bad).toBe(404);
      expect(answer.tables, bad).toEqual([]);
    }
    const ownBefore = JSON.stringify(db().prepare("SELECT * FROM contacts WHERE id = ?").get(f.ownContactId));
    const confirmed = await watched(confirm, `/directory/confirm/${confirmToken}`, { token: confirmToken }, undefined, {
      contactId: String(f.ownContactId),
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.tables).toContain("contacts");
    expect(JSON.stringify(db().prepare("SELECT * FROM contacts WHERE id = ?").get(f.ownContactId))).toBe(ownBefore);

    // Certificate check: a real code names its holder; anything else finds nothing and writes nothing.
    const verify = await loader("routes/verify.$code");
    expect((await watched(verify, `/verify/${f.championCode}`, { code: f.championCode }, undefined)).status).toBe(200);
    for (const bad of ["' OR 1=1 --", "%", "_".repeat(12), "x".repeat(5000), f.championCode.slice(0, -1)]) {
      const answer = await watched(verify, `/verify/${encodeURIComponent(bad)}`, { code: bad }, undefined);
      expect(answer.status, bad.slice(0, 20)).toBe(404);
      expect(answer.body).not.toContain("Priya");
      expect(answer.tables).toEqual([]);
    }
    const lookup = await request(
      await loader("routes/verify._index"),
      `/verify?code=${encodeURIComponent(formatCertificateCode(f.championCode))}`,
      {},
      undefined,
    );
    expect(lookup.status).toBe(302);
    expect(lookup.location).toBe(`/verify/${f.championCode}`);
  }, 60_000);
});

/** Runs a body's setup; the members import's upload is the coordinator's, stored as an upload is. */
async function prepare(id: string, body: Body, f: Fixture) {
  const setup = body.setup!(f);
  if (id === "routes/members.import") setup.upload = await importUpload(f.ids.coordinator);
  if (id === "routes/login_.two-step")
    setup.cookie = (await startSecondStep({ memberId: f.ids.coordinator, redirectTo: "/manage" })).split(";")[0];
  return setup;
}
