import { londonToUtc } from "~/lib/dates";
import type { WorkshopInput } from "~/models/workshop.server";
import { describeRule, seriesDates, type SeriesRule } from "./series";

type SeriesForm = Omit<WorkshopInput, "startsAt" | "endsAt" | "bookingClosesAt"> &
  SeriesRule & { startTime: string; endTime: string; closesDaysBefore: number };

function minusDays(date: string, days: number) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** Turns the series form into the workshops it would create, each at the same London wall-clock time. */
export function planSeries(form: SeriesForm) {
  const { firstMonth, everyMonths, weekOfMonth, weekday, count, startTime, endTime, closesDaysBefore, ...details } =
    form;
  const rule = { firstMonth, everyMonths, weekOfMonth, weekday, count };
  const inputs: WorkshopInput[] = seriesDates(rule).map((date) => ({
    ...details,
    startsAt: londonToUtc(date, startTime)!,
    endsAt: londonToUtc(date, endTime)!,
    bookingClosesAt: londonToUtc(minusDays(date, closesDaysBefore), startTime)!,
  }));
  return { inputs, description: describeRule(rule, startTime, endTime) };
}
