// The century/sex digit `G` of the personal identification number (DESIGN.md §6; the structure
// of Decree 137/2015/NĐ-CP art. 13 as detailed by the Ministry of Public Security's circulars,
// 07/2016/TT-BCA then 59/2021/TT-BCA): one digit holds the century of birth and the sex, even
// for men and odd for women, from the 1900s (0/1) to the 2300s (8/9).
import { IdNumberBirthYearRangeError, IdNumberSexError } from './errors.ts';

export type Sex = 'male' | 'female';

export interface CenturySex {
  /** The digit G, 0–9. */
  readonly digit: number;
  /** First year of the century it stands for (1900, 2000, …, 2300). */
  readonly centuryStart: number;
  readonly sex: Sex;
}

/** The ten values of `G`, indexed by the digit. */
export const CENTURY_SEX_DIGITS: readonly CenturySex[] = Object.freeze(
  Array.from({ length: 10 }, (_, digit) =>
    Object.freeze({
      digit,
      centuryStart: 1900 + 100 * Math.floor(digit / 2),
      sex: digit % 2 === 0 ? ('male' as const) : ('female' as const),
    }),
  ),
);

/** First and last birth year the digit can express. */
export const MIN_BIRTH_YEAR = 1900;
export const MAX_BIRTH_YEAR = 2399;

/** Checks a birth year is an integer the digit can express; throws IdNumberBirthYearRangeError. */
export function assertBirthYear(birthYear: number): void {
  if (!Number.isInteger(birthYear) || birthYear < MIN_BIRTH_YEAR || birthYear > MAX_BIRTH_YEAR) {
    throw new IdNumberBirthYearRangeError(birthYear);
  }
}

/** Checks sex is one of the two the digit encodes; throws IdNumberSexError. */
export function assertSex(sex: unknown): asserts sex is Sex {
  if (sex !== 'male' && sex !== 'female') throw new IdNumberSexError(sex);
}

/** The digit G for this sex and birth year (1900–2399). */
export function centurySexDigit(sex: Sex, birthYear: number): number {
  assertSex(sex);
  assertBirthYear(birthYear);
  return 2 * (Math.floor(birthYear / 100) - 19) + (sex === 'female' ? 1 : 0);
}

/** Birth year from the digit G and the two digits YY. */
export function birthYearOf(digit: number, yy: number): number {
  return CENTURY_SEX_DIGITS[digit]!.centuryStart + yy;
}
