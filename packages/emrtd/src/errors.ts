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

/**
 * A protocol step failed; `sw` is the card's status word when the card refused it (0 when the
 * failure was found on the reader side, e.g. a cryptogram that did not verify). The protocols'
 * errors (BAC, PACE, CA, TA, reading) extend it, each with its own `code`.
 */
export class CardProtocolStepError extends EmrtdError {
  override readonly code: string = 'ERR_CARD_PROTOCOL_STEP';
  readonly sw: number;
  constructor(message: string, sw = 0, options?: { cause?: unknown }) {
    super(message, options);
    this.sw = sw;
  }
}
