// The reference date some checks take (`today`), turned into a calendar year. Legal dates are
// Asia/Ho_Chi_Minh calendar dates (DESIGN.md §5); that zone is UTC+7 all year (no DST since
// 1975), so an instant maps to its local year by a fixed offset, without time-zone data.
import { IdNumberArgumentError } from './errors.ts';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A reference date: an instant, or a calendar date `YYYY-MM-DD`. */
export type Today = Date | string;

/** The calendar year of `today` in Vietnam. Throws IdNumberArgumentError on a malformed value. */
export function yearOf(today: Today): number {
  if (today instanceof Date) {
    const t = today.getTime();
    if (Number.isNaN(t)) throw new IdNumberArgumentError('today is an invalid Date');
    return new Date(t + VIETNAM_OFFSET_MS).getUTCFullYear();
  }
  const m = typeof today === 'string' ? ISO_DATE.exec(today) : null;
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new IdNumberArgumentError(`today must be a Date or a date YYYY-MM-DD, got ${JSON.stringify(today)}`);
  }
  return Number(m[1]);
}

/** True when year-month-day names a day of the proleptic Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0–99 as 1900–1999
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
