import { EmrtdError } from '../errors.ts';

/** Base of every MRZ failure (9303 Parts 3–5). */
export class MrzError extends EmrtdError {
  override readonly code: string = 'ERR_MRZ';
}

/** Wrong number of lines, wrong line length, a character outside `A-Z 0-9 <`, a malformed field. */
export class MrzFormatError extends MrzError {
  override readonly code = 'ERR_MRZ_FORMAT';
  /** The field at fault (`line2`, `birthDate`…), when one is identified. */
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/** A check digit (9303-3 §4.9) does not match its field. */
export class MrzCheckDigitError extends MrzError {
  override readonly code = 'ERR_MRZ_CHECK_DIGIT';
  readonly field: string;
  readonly expected: string;
  readonly found: string;
  constructor(field: string, expected: string, found: string) {
    super(`check digit of ${field} is ${found}, expected ${expected}`);
    this.field = field;
    this.expected = expected;
    this.found = found;
  }
}

/** Invalid input when generating an MRZ (bad id number, date, sex, name). */
export class MrzInputError extends MrzError {
  override readonly code = 'ERR_MRZ_INPUT';
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
