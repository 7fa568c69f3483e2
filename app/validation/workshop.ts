import { z } from "zod";
import { ATTENDANCE_STATUSES } from "~drizzle/schema/constants";
import { londonToUtc } from "~/lib/dates";
import { singleLine } from "~/lib/plain-text";
import { lineText, paragraphText } from "./fields";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

const optionalText = (max: number, label: string) =>
  lineText()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default("")
    .transform((v) => (v === "" ? null : v));

const workshopDetails = {
  title: lineText({ error: "Enter a title" }).min(1, "Enter a title").max(150, "Title must be 150 characters or fewer"),
  topic: lineText({ error: "Enter the topic" })
    .min(1, "Enter the topic")
    .max(150, "Topic must be 150 characters or fewer"),
  audienceTier: z.enum(["1", "2", "3"], { error: "Select who the workshop is for" }).transform(Number),
  description: paragraphText().max(5000, "Description must be 5,000 characters or fewer").default(""),
  venue: optionalText(200, "Venue"),
  joiningUrl: lineText()
    .max(500, "Joining link must be 500 characters or fewer")
    .default("")
    .refine(
      (v) => v === "" || /^https?:\/\/[^\s]+$/i.test(v),
      "Enter a joining link that starts with https:// or http://",
    )
    .transform((v) => (v === "" ? null : v)),
  capacity: z.coerce
    .number({ error: "Enter the number of places as a whole number" })
    .int("Enter the number of places as a whole number")
    .min(1, "There must be at least 1 place")
    .max(500, "There can be at most 500 places"),
};

/** Cross-field checks run even when a field has failed, so every problem is reported at once. */
const ALWAYS = { when: () => true };

/** A field's value as its own rule will clean it, for checks across fields. */
function text(value: unknown) {
  return typeof value === "string" ? singleLine(value).trim() : "";
}

function requireVenueOrLink(value: { venue: unknown; joiningUrl: unknown }, ctx: z.RefinementCtx) {
  if (!text(value.venue) && !text(value.joiningUrl)) {
    ctx.addIssue({ code: "custom", path: ["venue"], message: "Enter a venue, an online joining link, or both" });
  }
}

function checkWorkshopTimes(value: Record<string, unknown>, ctx: z.RefinementCtx) {
  const date = text(value.date);
  const startsAt =
    DATE.test(date) && TIME.test(text(value.startTime)) ? londonToUtc(date, text(value.startTime)) : null;
  const endsAt = DATE.test(date) && TIME.test(text(value.endTime)) ? londonToUtc(date, text(value.endTime)) : null;
  const closesDate = text(value.closesDate);
  const closesAt =
    DATE.test(closesDate) && TIME.test(text(value.closesTime)) ? londonToUtc(closesDate, text(value.closesTime)) : null;
  if (DATE.test(date) && TIME.test(text(value.startTime)) && !startsAt) {
    ctx.addIssue({ code: "custom", path: ["date"], message: "Enter a real date" });
  }
  if (DATE.test(closesDate) && TIME.test(text(value.closesTime)) && !closesAt) {
    ctx.addIssue({ code: "custom", path: ["closesDate"], message: "Enter a real booking cut-off date" });
  }
  if (startsAt && endsAt && endsAt <= startsAt) {
    ctx.addIssue({ code: "custom", path: ["endTime"], message: "The end time must be after the start time" });
  }
  if (startsAt && closesAt && closesAt > startsAt) {
    ctx.addIssue({ code: "custom", path: ["closesDate"], message: "Booking must close before the workshop starts" });
  }
}

/** One workshop: a day, start and end time in London, and a booking cut-off. */
export const workshopSchema = z
  .object({
    ...workshopDetails,
    date: z.string({ error: "Enter the date" }).regex(DATE, "Enter the date, for example 2027-03-16"),
    startTime: z.string({ error: "Enter the start time" }).regex(TIME, "Enter the start time, for example 10:00"),
    endTime: z.string({ error: "Enter the end time" }).regex(TIME, "Enter the end time, for example 12:30"),
    closesDate: z
      .string({ error: "Enter the booking cut-off date" })
      .regex(DATE, "Enter the booking cut-off date, for example 2027-03-14"),
    closesTime: z
      .string({ error: "Enter the booking cut-off time" })
      .regex(TIME, "Enter the booking cut-off time, for example 17:00"),
  })
  .superRefine(requireVenueOrLink, ALWAYS)
  .superRefine((value, ctx) => checkWorkshopTimes(value, ctx), ALWAYS)
  .transform(({ date, startTime, endTime, closesDate, closesTime, ...details }) => ({
    ...details,
    // Checked above: these are real London times.
    startsAt: londonToUtc(date, startTime)!,
    endsAt: londonToUtc(date, endTime)!,
    bookingClosesAt: londonToUtc(closesDate, closesTime)!,
  }));

/** A series: "every second month on the third Tuesday, 10:00-12:30, for a year". */
export const workshopSeriesSchema = z
  .object({
    ...workshopDetails,
    firstMonth: z
      .string({ error: "Enter the first month" })
      .regex(/^\d{4}-\d{2}$/, "Enter the first month, for example 2027-01"),
    everyMonths: z.coerce.number().int().min(1, "Choose how often").max(12, "Choose how often"),
    weekOfMonth: z
      .enum(["1", "2", "3", "4", "-1"], { error: "Choose which week" })
      .transform(Number) as unknown as z.ZodType<1 | 2 | 3 | 4 | -1>,
    weekday: z.coerce.number().int().min(0, "Choose a day").max(6, "Choose a day"),
    startTime: z.string({ error: "Enter the start time" }).regex(TIME, "Enter the start time, for example 10:00"),
    endTime: z.string({ error: "Enter the end time" }).regex(TIME, "Enter the end time, for example 12:30"),
    count: z.coerce
      .number({ error: "Enter how many workshops" })
      .int("Enter how many workshops as a whole number")
      .min(2, "A series has at least 2 workshops")
      .max(24, "A series can have at most 24 workshops"),
    closesDaysBefore: z.coerce
      .number({ error: "Enter how many days before booking closes" })
      .int("Enter a whole number of days")
      .min(0, "Enter 0 or more days")
      .max(60, "Enter at most 60 days"),
  })
  .superRefine(requireVenueOrLink, ALWAYS)
  .superRefine((value, ctx) => {
    const start = text(value.startTime);
    const end = text(value.endTime);
    if (TIME.test(start) && TIME.test(end) && end <= start) {
      ctx.addIssue({ code: "custom", path: ["endTime"], message: "The end time must be after the start time" });
    }
  }, ALWAYS);

export const cancelWorkshopSchema = z.object({
  reason: paragraphText().max(500, "Reason must be 500 characters or fewer").default(""),
});

export const feedbackSchema = z
  .object({
    rating: z.enum(["1", "2", "3", "4", "5"], { error: "Choose a rating from 1 to 5" }).transform(Number),
    mostUseful: paragraphText().max(2000, "This must be 2,000 characters or fewer").default(""),
    topicTitle: lineText().max(150, "Topic must be 150 characters or fewer").default(""),
    topicDetails: paragraphText().max(1000, "Details must be 1,000 characters or fewer").default(""),
  })
  .superRefine((value, ctx) => {
    if (value.topicDetails && !value.topicTitle) {
      ctx.addIssue({ code: "custom", path: ["topicTitle"], message: "Give the topic a short title" });
    }
  });

export const topicSchema = z.object({
  title: lineText({ error: "Enter the topic" })
    .min(1, "Enter the topic")
    .max(150, "Topic must be 150 characters or fewer"),
  details: paragraphText().max(1000, "Details must be 1,000 characters or fewer").default(""),
});

/** A member's support for a proposed topic, or its withdrawal. */
export const topicSupportSchema = z.object({
  topicId: z.coerce.number().int().positive(),
  support: z.enum(["yes", "no"]),
});

/** The coordinator links a topic to a workshop, or (no workshop) unlinks it. */
export const scheduleTopicSchema = z.object({
  topicId: z.coerce.number().int().positive(),
  workshopId: z
    .string()
    .regex(/^\d*$/)
    .transform((v) => (v === "" ? null : Number(v))),
});

/** The workshops list: which tab, and which page of it. */
export const workshopListQuerySchema = z.object({
  view: z.enum(["upcoming", "past", "cancelled"]).catch("upcoming"),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});

/** A register's marks, one per `mark:<memberId>` field. */
export const registerMarksSchema = z
  .array(z.object({ memberId: z.coerce.number().int().positive(), status: z.enum(ATTENDANCE_STATUSES) }))
  .max(1000);
