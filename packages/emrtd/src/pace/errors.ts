import { CardProtocolStepError, EmrtdError } from '../errors.ts';

/**
 * PACE failed (9303-11 §4.4). `sw` is the card's status word when it refused a step (0 when the
 * failure was found on the reader side, e.g. the chip's authentication token did not verify).
 */
export class PaceError extends CardProtocolStepError {
  override readonly code: string = 'ERR_PACE_FAILED';
}

/** The card offers PACE only with parameters we do not implement (e.g. integrated mapping, DH groups). */
export class PaceUnsupportedError extends EmrtdError {
  override readonly code: string = 'ERR_PACE_UNSUPPORTED';
}
