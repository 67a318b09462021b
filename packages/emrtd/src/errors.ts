/**
 * Errors of the emrtd package, in the style of panva/jose `util/errors.ts`: one base class and
 * a subclass per kind of failure, each with a stable `code` a caller can switch on.
 * Card-side failures keep the ISO 7816-4 status word (`sw`) they came with.
 */
export class EmrtdError extends Error {
  /** Stable machine-readable code, e.g. `ERR_MRZ_CHECK_DIGIT`. */
  readonly code: string = 'ERR_EMRTD';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
