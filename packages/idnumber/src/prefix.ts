// The prefix `PPP G YY` of an ID number: the 6 digits within which the serial `RRRRRR` is unique
// (DESIGN.md §6), and so the unit of allocation: one counter and one permutation per prefix.
import { assertBirthYear, assertSex, birthYearOf, CENTURY_SEX_DIGITS, centurySexDigit, type Sex } from './century-sex.ts';
import { IdNumberPrefixError, IdNumberUnknownProvinceError } from './errors.ts';
import { normaliseProvinceCode } from './provinces.ts';

export interface PrefixParts {
  /** `'001'` or the 2-digit statistics code `'01'`. */
  readonly provinceCode: string;
  readonly sex: Sex;
  /** 1900–2399. */
  readonly birthYear: number;
}

/**
 * The 6-digit prefix `PPPGYY` for a province of birth registration, sex and birth year.
 * Throws IdNumberUnknownProvinceError, IdNumberSexError or IdNumberBirthYearRangeError.
 */
export function formatPrefix(parts: PrefixParts): string {
  const code = normaliseProvinceCode(String(parts.provinceCode));
  if (code === undefined) throw new IdNumberUnknownProvinceError(String(parts.provinceCode));
  assertSex(parts.sex);
  assertBirthYear(parts.birthYear);
  const g = centurySexDigit(parts.sex, parts.birthYear);
  return `${code}${g}${String(parts.birthYear % 100).padStart(2, '0')}`;
}

/** The parts of a 6-digit prefix. Throws IdNumberPrefixError. */
export function parsePrefix(prefix: string): { provinceCode: string; sex: Sex; birthYear: number } {
  if (typeof prefix !== 'string' || !/^\d{6}$/.test(prefix)) throw new IdNumberPrefixError(String(prefix), 'not 6 digits');
  const provinceCode = prefix.slice(0, 3);
  if (normaliseProvinceCode(provinceCode) !== provinceCode) {
    throw new IdNumberPrefixError(prefix, `${provinceCode} is the code of no province`);
  }
  const digit = Number(prefix[3]);
  return { provinceCode, sex: CENTURY_SEX_DIGITS[digit]!.sex, birthYear: birthYearOf(digit, Number(prefix.slice(4))) };
}
