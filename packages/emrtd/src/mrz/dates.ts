// MRZ dates are YYMMDD (9303-3 §3.8 / §4.4); the century is not written and must be inferred.
import { MrzInputError } from './errors.ts';

/** `YYYY-MM-DD` (a real calendar date) → `YYMMDD`. */
export function isoToMrzDate(iso: string, field = 'date'): string {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso);
  if (!m) throw new MrzInputError(field, `${JSON.stringify(iso)} is not YYYY-MM-DD`);
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  if (d.getUTCFullYear() !== +m[1]! || d.getUTCMonth() !== +m[2]! - 1 || d.getUTCDate() !== +m[3]!) {
    throw new MrzInputError(field, `${iso} is not a calendar date`);
  }
  return m[1]!.slice(2) + m[2]! + m[3]!;
}

/**
 * `YYMMDD` → `YYYY-MM-DD`. A birth date is never in the future, so it takes the latest century
 * not after `now`; an expiry date is placed within 50 years before or after `now`. Dates with
 * unknown parts (`<`) return undefined.
 */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', now: Date = new Date()): string | undefined {
  if (!/^[0-9]{6}$/.test(yymmdd)) return undefined;
  const yy = +yymmdd.slice(0, 2);
  const thisYear = now.getUTCFullYear();
  let year: number;
  if (kind === 'birth') {
    year = Math.floor(thisYear / 100) * 100 + yy;
    if (year > thisYear) year -= 100;
  } else {
    year = Math.floor(thisYear / 100) * 100 + yy;
    if (year > thisYear + 50) year -= 100;
    else if (year < thisYear - 50) year += 100;
  }
  return `${String(year).padStart(4, '0')}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}
