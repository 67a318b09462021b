import { EmrtdError } from '../errors.ts';
import { describeStatusWord } from './status.ts';

/** Bytes that are not a well-formed command or response APDU (ISO/IEC 7816-4 §5.1). */
export class ApduFormatError extends EmrtdError {
  override readonly code: string = 'ERR_APDU_FORMAT';
}

/** The card answered with a status word other than success; `sw` keeps it (e.g. 0x6982). */
export class CardStatusError extends EmrtdError {
  override readonly code: string = 'ERR_CARD_STATUS';
  readonly sw: number;
  constructor(sw: number, what: string, options?: { cause?: unknown }) {
    super(`${what}: card answered ${sw.toString(16).toUpperCase().padStart(4, '0')} (${describeStatusWord(sw)})`, options);
    this.sw = sw;
  }
}

/**
 * Secure messaging failed (9303-11 §9.8): a wrong MAC, missing or malformed SM data objects, or a
 * card that dropped secure messaging. `sw` is the status word the card side answers / answered.
 */
export class SecureMessagingError extends EmrtdError {
  override readonly code: string = 'ERR_SECURE_MESSAGING';
  readonly sw: number;
  constructor(message: string, sw: number, options?: { cause?: unknown }) {
    super(message, options);
    this.sw = sw;
  }
}

/** A transport (PC/SC, vpcd socket…) failed or the card went away. */
export class TransportError extends EmrtdError {
  override readonly code: string = 'ERR_TRANSPORT';
}
