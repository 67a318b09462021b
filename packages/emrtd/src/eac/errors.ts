import { CardProtocolStepError, EmrtdError } from '../errors.ts';

/** A card-verifiable certificate could not be read or built (BSI TR-03110-3 appendix C). */
export class CvcError extends EmrtdError {
  override readonly code: string = 'ERR_CVC';
}

/** Terminal Authentication failed: the card refused (sw) or the inputs were unusable (sw 0). */
export class TerminalAuthenticationError extends CardProtocolStepError {
  override readonly code: string = 'ERR_TERMINAL_AUTHENTICATION';
}
