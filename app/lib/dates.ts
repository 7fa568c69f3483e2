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
