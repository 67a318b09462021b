// Parsing and validation of the 12-digit personal identification number `PPP G YY RRRRRR`
// (DESIGN.md §6). Pure: the only notion of "now" is the optional `today` the caller passes.
import { birthYearOf, CENTURY_SEX_DIGITS, type Sex } from './century-sex.ts';
import {
  IdNumberBirthYearInFutureError,
  IdNumberLengthError,
  IdNumberNotDigitsError,
  IdNumberTypeError,
  IdNumberUnknownProvinceError,
  type IdNumberParseError,
} from './errors.ts';
import { provinceByCode, type Province } from './provinces.ts';
import { yearOf, type Today } from './today.ts';

export const ID_NUMBER_LENGTH = 12;

/** What a valid ID number says about its holder. */
export interface IdNumberInfo {
  /** The 12 digits. */
  readonly number: string;
  /** `PPP`: province where the birth was registered, 3 digits (`'001'`). */
  readonly provinceCode: string;
  /** Official name of that province (as of 30 June 2025; the code never changes on a number). */
  readonly provinceName: string;
  readonly province: Province;
  readonly sex: Sex;
  readonly birthYear: number;
  /** Ordinal century of birth as the law names it: 20 for 1900–1999, 21 for 2000–2099, … */
  readonly century: number;
  /** `G`, the century/sex digit. */
  readonly centurySexDigit: number;
  /** `PPPGYY`, the 6 digits within which the serial is unique. */
  readonly prefix: string;
  /** `RRRRRR`, the 6-digit serial. */
  readonly serial: string;
}

export interface ParseOptions {
  /**
   * Reference date. When given, a number whose birth year is after this date's year (in
   * Vietnam) is rejected; when absent, every year the digit can express (1900–2399) is accepted.
   */
  readonly today?: Today;
}

export type ParseResult =
  | { readonly ok: true; readonly value: IdNumberInfo }
  | { readonly ok: false; readonly error: IdNumberParseError };

const ZERO = 0x30;
const NINE = 0x39;

/**
 * Parses an ID number. Never throws for bad input: the result says why it is invalid, with a
 * typed error per reason, checked in this order: not a string, a character that is not a
 * digit, not 12 digits, unknown province, birth year after `today`. No trimming or removal of
 * separators: clean the input at the edge if a form allows them.
 */
export function parseIdNumber(input: unknown, options: ParseOptions = {}): ParseResult {
  const currentYear = options.today === undefined ? undefined : yearOf(options.today);
  if (typeof input !== 'string') return fail(new IdNumberTypeError(input));
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c < ZERO || c > NINE) return fail(new IdNumberNotDigitsError(i, String.fromCodePoint(input.codePointAt(i)!)));
  }
  if (input.length !== ID_NUMBER_LENGTH) return fail(new IdNumberLengthError(input.length));

  const provinceCode = input.slice(0, 3);
  const province = provinceByCode(provinceCode);
  if (!province) return fail(new IdNumberUnknownProvinceError(provinceCode));

  const digit = input.charCodeAt(3) - ZERO;
  const birthYear = birthYearOf(digit, Number(input.slice(4, 6)));
  if (currentYear !== undefined && birthYear > currentYear) {
    return fail(new IdNumberBirthYearInFutureError(birthYear, currentYear));
  }
  const cs = CENTURY_SEX_DIGITS[digit]!;
  return {
    ok: true,
    value: Object.freeze({
      number: input,
      provinceCode,
      provinceName: province.name,
      province,
      sex: cs.sex,
      birthYear,
      century: cs.centuryStart / 100 + 1,
      centurySexDigit: digit,
      prefix: input.slice(0, 6),
      serial: input.slice(6),
    }),
  };
}

/** Like parseIdNumber, but returns the info or throws the typed error. */
export function parseIdNumberOrThrow(input: unknown, options: ParseOptions = {}): IdNumberInfo {
  const r = parseIdNumber(input, options);
  if (!r.ok) throw r.error;
  return r.value;
}

/** True when `input` is a valid ID number (see parseIdNumber for what is checked). */
export function isValidIdNumber(input: unknown, options: ParseOptions = {}): boolean {
  return parseIdNumber(input, options).ok;
}

function fail(error: IdNumberParseError): ParseResult {
  return { ok: false, error };
}
