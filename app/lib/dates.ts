/** All times are stored in UTC and shown in Europe/London. */
export const TIME_ZONE = "Europe/London";

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "long",
  year: "numeric",
});

const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

function toDate(value: Date | number | string) {
  return value instanceof Date ? value : new Date(value);
}

/** "3 March 2026" */
export function formatDate(value: Date | number | string) {
  return dateFormat.format(toDate(value));
}

/** "3 March 2026 at 10:00" in London time. */
export function formatDateTime(value: Date | number | string) {
  const parts = dateTimeFormat.formatToParts(toDate(value));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  return `${get("day")} ${get("month")} ${get("year")} at ${get("hour")}:${get("minute")}`;
}

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const weekdayDateFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: TIME_ZONE,
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const isoPartsFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** "10:00" in London time. */
export function formatTime(value: Date | number | string) {
  return timeFormat.format(toDate(value));
}

/** "Tuesday 17 March 2026, 10:00 to 12:30" in London time. */
export function formatEventTime(start: Date | number | string, end: Date | number | string) {
  const parts = weekdayDateFormat.formatToParts(toDate(start));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  return `${get("weekday")} ${get("day")} ${get("month")} ${get("year")}, ${formatTime(start)} to ${formatTime(end)}`;
}

/** The London wall-clock date and time of an instant, as form values: { date: "2026-03-17", time: "10:00" }. */
export function toLondonInputs(value: Date | number) {
  const parts = isoPartsFormat.formatToParts(toDate(value));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const hour = get("hour") === "24" ? "00" : get("hour");
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${hour}:${get("minute")}` };
}

function londonOffsetMinutes(instant: number) {
  const { date, time } = toLondonInputs(instant);
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  return (Date.UTC(y, mo - 1, d, h, mi) - instant) / 60_000;
}

/**
 * The instant at which London's clocks show this date and time. Across the
 * March change a time that does not exist is moved forward an hour; across the
 * October change an ambiguous time takes the first (summer time) instance.
 */
export function londonToUtc(date: string, time: string): Date | null {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dateMatch || !timeMatch) return null;
  const [, y, mo, d] = dateMatch.map(Number);
  const [, h, mi] = timeMatch.map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const firstGuess = wall - londonOffsetMinutes(wall) * 60_000;
  const summerGuess = wall - 60 * 60_000;
  // Prefer the earlier (summer time) reading when both show the same wall time.
  for (const candidate of [summerGuess, firstGuess, wall]) {
    const shown = toLondonInputs(candidate);
    if (shown.date === date && shown.time === time) return new Date(candidate);
  }
  // A time skipped when the clocks go forward: the same wall time an hour later.
  return new Date(firstGuess + 60 * 60_000);
}

/** The same day `months` calendar months later, in UTC (the last day of the month when that day does not exist). */
export function addMonths(date: Date, months: number) {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}
