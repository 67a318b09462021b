import { EmrtdError } from '../errors.ts';

/** The person record for personalisation is invalid; `problems` lists every bad field. */
export class PersonValidationError extends EmrtdError {
  override readonly code: string = 'ERR_PERSON_INVALID';
  readonly problems: Array<{ field: string; message: string }>;
  constructor(problems: Array<{ field: string; message: string }>) {
    super(`invalid person: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.problems = problems;
  }
}

/** Personalisation inputs other than the person (photo, keys, options) are unusable. */
export class PersonalizationError extends EmrtdError {
  override readonly code: string = 'ERR_PERSONALIZATION';
}
