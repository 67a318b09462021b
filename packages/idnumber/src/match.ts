// Consistency of an ID number with the person it is given to: the century/sex digit and `YY`
// fix the holder's sex and birth year (DESIGN.md §6), so the register refuses a number that
// contradicts the person's record, and a record change of sex or birth year calls for a new
// number (a reissue reason of the card, DESIGN.md §6 "Identity card").
import { assertSex, type Sex } from './century-sex.ts';
import {
  IdNumberBirthDateError,
  IdNumberBirthYearMismatchError,
  IdNumberSexMismatchError,
  type IdNumberMismatchError,
  type IdNumberParseError,
} from './errors.ts';
import { parseIdNumber } from './parse.ts';
import { isCalendarDate } from './today.ts';

export interface PersonFacts {
  readonly sex: Sex;
  /**
   * Date of birth as recorded: `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` where the register only
   * knows part of it (old records do). Only the year is compared.
   */
  readonly birthDate: string;
}

export type MatchResult =
  | { readonly ok: true }
  /** The number is valid but contradicts the person: every contradiction, sex first. */
  | { readonly ok: false; readonly mismatches: readonly IdNumberMismatchError[] }
  /** The number itself is invalid. */
  | { readonly ok: false; readonly invalid: IdNumberParseError };

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * Does this ID number fit a person of this sex and date of birth? Throws IdNumberSexError or
 * IdNumberBirthDateError when the person's facts are malformed (a caller bug, not a mismatch).
 */
export function checkIdNumberMatches(number: string, person: PersonFacts): MatchResult {
  assertSex(person.sex);
  const birthYear = yearOfBirthDate(person.birthDate);
  const parsed = parseIdNumber(number);
  if (!parsed.ok) return { ok: false, invalid: parsed.error };
  const mismatches: IdNumberMismatchError[] = [];
  if (parsed.value.sex !== person.sex) mismatches.push(new IdNumberSexMismatchError(person.sex, parsed.value.sex));
  if (parsed.value.birthYear !== birthYear) mismatches.push(new IdNumberBirthYearMismatchError(birthYear, parsed.value.birthYear));
  return mismatches.length === 0 ? { ok: true } : { ok: false, mismatches };
}

/** The year of a full or partial birth date. Throws IdNumberBirthDateError. */
export function yearOfBirthDate(birthDate: string): number {
  const m = typeof birthDate === 'string' ? PARTIAL_DATE.exec(birthDate) : null;
  if (!m) throw new IdNumberBirthDateError(birthDate);
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (!isCalendarDate(year, month, day)) throw new IdNumberBirthDateError(birthDate);
  return year;
}
