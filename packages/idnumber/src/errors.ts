/**
 * Errors of the idnumber package, in the style of panva/jose `util/errors.ts`: one base class
 * and a subclass per kind of failure, each with a stable `code` a caller can switch on
 * (`AnyIdNumberError` is the union for an exhaustive `switch`).
 */
export class IdNumberError extends Error {
  /** Stable machine-readable code, e.g. `ERR_IDNUMBER_LENGTH`. */
  readonly code: string = 'ERR_IDNUMBER';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The value given as an ID number is not a string (a number would have lost its leading 0s). */
export class IdNumberTypeError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_TYPE' as const;
  constructor(value: unknown) {
    super(`an ID number is a string of 12 digits, got a ${value === null ? 'null' : typeof value}`);
  }
}

/** The number is not a string of 12 characters. */
export class IdNumberLengthError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_LENGTH' as const;
  readonly length: number;
  constructor(length: number) {
    super(`an ID number has 12 digits, this one has ${length} characters`);
    this.length = length;
  }
}

/** The number holds a character other than an ASCII digit 0–9. */
export class IdNumberNotDigitsError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_NOT_DIGITS' as const;
  /** 0-based position of the first character that is not a digit. */
  readonly position: number;
  constructor(position: number, char: string) {
    super(`an ID number is made of digits 0-9 only; found ${JSON.stringify(char)} at position ${position + 1}`);
    this.position = position;
  }
}

/** The province code (`PPP`) belongs to none of the 63 provinces. */
export class IdNumberUnknownProvinceError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_UNKNOWN_PROVINCE' as const;
  readonly provinceCode: string;
  constructor(provinceCode: string) {
    super(`${JSON.stringify(provinceCode)} is the code of no province`);
    this.provinceCode = provinceCode;
  }
}

/** The birth year is after the reference date the caller passed (`today`). */
export class IdNumberBirthYearInFutureError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_BIRTH_YEAR_IN_FUTURE' as const;
  readonly birthYear: number;
  readonly currentYear: number;
  constructor(birthYear: number, currentYear: number) {
    super(`birth year ${birthYear} is after the current year ${currentYear}`);
    this.birthYear = birthYear;
    this.currentYear = currentYear;
  }
}

/** A birth year the century/sex digit cannot express (outside 1900–2399) or not an integer. */
export class IdNumberBirthYearRangeError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_BIRTH_YEAR_RANGE' as const;
  readonly birthYear: unknown;
  constructor(birthYear: unknown) {
    super(`birth year ${String(birthYear)} is outside 1900–2399, the years an ID number can express`);
    this.birthYear = birthYear;
  }
}

/** Sex other than `'male'` or `'female'`, the two the century/sex digit encodes. */
export class IdNumberSexError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_SEX' as const;
  readonly sex: unknown;
  constructor(sex: unknown) {
    super(`sex must be "male" or "female", got ${JSON.stringify(sex)}`);
    this.sex = sex;
  }
}

/** A prefix that is not 6 digits `PPPGYY` with a known province. */
export class IdNumberPrefixError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_PREFIX' as const;
  readonly prefix: string;
  constructor(prefix: string, reason: string) {
    super(`invalid ID number prefix ${JSON.stringify(prefix)}: ${reason}`);
    this.prefix = prefix;
  }
}

/** An allocation counter that is not an integer ≥ 0. */
export class IdNumberCounterError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_COUNTER' as const;
  readonly counter: unknown;
  constructor(counter: unknown) {
    super(`allocation counter must be an integer from 0 to 999999, got ${String(counter)}`);
    this.counter = counter;
  }
}

/** Every one of the 10^6 serials of this prefix has been issued (counter ≥ 10^6). */
export class IdNumberPrefixExhaustedError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_PREFIX_EXHAUSTED' as const;
  readonly prefix: string;
  readonly counter: number;
  constructor(prefix: string, counter: number) {
    super(
      `prefix ${prefix} is exhausted: all 1000000 serials are issued (counter ${counter}); ` +
        'no further number can be allocated for this province, sex and birth year',
    );
    this.prefix = prefix;
    this.counter = counter;
  }
}

/** An allocation key that is not an AES key (16, 24 or 32 bytes). */
export class IdNumberKeyError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_KEY' as const;
  constructor(message: string) {
    super(message);
  }
}

/** The number contradicts the person's sex (the century/sex digit says otherwise). */
export class IdNumberSexMismatchError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_SEX_MISMATCH' as const;
  readonly expected: 'male' | 'female';
  readonly actual: 'male' | 'female';
  constructor(expected: 'male' | 'female', actual: 'male' | 'female') {
    super(`the ID number is that of a ${actual === 'male' ? 'man' : 'woman'}, the person is ${expected}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** The number contradicts the person's birth year (century digit + `YY`). */
export class IdNumberBirthYearMismatchError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_BIRTH_YEAR_MISMATCH' as const;
  readonly expected: number;
  readonly actual: number;
  constructor(expected: number, actual: number) {
    super(`the ID number is for birth year ${actual}, the person was born in ${expected}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** A birth date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a calendar date). */
export class IdNumberBirthDateError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_BIRTH_DATE' as const;
  readonly birthDate: unknown;
  constructor(birthDate: unknown) {
    super(`birth date must be YYYY, YYYY-MM or YYYY-MM-DD, got ${JSON.stringify(birthDate)}`);
    this.birthDate = birthDate;
  }
}

/** An option that is not of the documented form (a programming error, not a data error). */
export class IdNumberArgumentError extends IdNumberError {
  override readonly code = 'ERR_IDNUMBER_ARGUMENT' as const;
  constructor(message: string) {
    super(message);
  }
}

/** Why a string is not a valid ID number (what `parseIdNumber` can report). */
export type IdNumberParseError =
  | IdNumberTypeError
  | IdNumberLengthError
  | IdNumberNotDigitsError
  | IdNumberUnknownProvinceError
  | IdNumberBirthYearInFutureError;

/** Why a number does not fit a person (what `checkIdNumberMatches` can report). */
export type IdNumberMismatchError = IdNumberSexMismatchError | IdNumberBirthYearMismatchError;

export type AnyIdNumberError =
  | IdNumberParseError
  | IdNumberMismatchError
  | IdNumberBirthYearRangeError
  | IdNumberSexError
  | IdNumberPrefixError
  | IdNumberCounterError
  | IdNumberPrefixExhaustedError
  | IdNumberKeyError
  | IdNumberBirthDateError
  | IdNumberArgumentError;
