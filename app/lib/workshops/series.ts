/**
 * Dates for a series of workshops: "every second month on the third Tuesday,
 * for a year". Works on calendar dates (YYYY-MM-DD); times are added in London
 * time by the caller, so a series keeps its wall-clock time across clock changes.
 */
export type SeriesRule = {
  /** The first month, "2027-01". */
  firstMonth: string;
  /** 1 = every month, 2 = every second month, ... */
  everyMonths: number;
  /** 1-4 = first to fourth; -1 = last. */
  weekOfMonth: 1 | 2 | 3 | 4 | -1;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** How many workshops. */
  count: number;
};

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const ORDINALS: Record<string, string> = { "1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last" };

function pad(n: number) {
  return String(n).padStart(2, "0");
}

/** The date of the nth (or last) weekday of a month. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, weekOfMonth: number) {
  if (weekOfMonth === -1) {
    const last = new Date(Date.UTC(year, month, 0));
    const back = (last.getUTCDay() - weekday + 7) % 7;
    return `${year}-${pad(month)}-${pad(last.getUTCDate() - back)}`;
  }
  const first = new Date(Date.UTC(year, month - 1, 1));
  const forward = (weekday - first.getUTCDay() + 7) % 7;
  return `${year}-${pad(month)}-${pad(1 + forward + (weekOfMonth - 1) * 7)}`;
}

export function seriesDates(rule: SeriesRule): string[] {
  const [startYear, startMonth] = rule.firstMonth.split("-").map(Number);
  const dates: string[] = [];
  for (let i = 0; i < rule.count; i += 1) {
    const monthIndex = startMonth - 1 + i * rule.everyMonths;
    const year = startYear + Math.floor(monthIndex / 12);
    const month = (monthIndex % 12) + 1;
    dates.push(nthWeekdayOfMonth(year, month, rule.weekday, rule.weekOfMonth));
  }
  return dates;
}

export function describeRule(rule: SeriesRule, startTime: string, endTime: string) {
  const every =
    rule.everyMonths === 1
      ? "every month"
      : rule.everyMonths === 2
        ? "every second month"
        : `every ${rule.everyMonths} months`;
  return `${every} on the ${ORDINALS[String(rule.weekOfMonth)]} ${WEEKDAY_NAMES[rule.weekday]}, ${startTime} to ${endTime}, ${rule.count} times from ${rule.firstMonth}`;
}
