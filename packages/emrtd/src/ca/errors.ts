import { CardProtocolStepError } from '../errors.ts';

/** Chip Authentication failed: the card refused (sw) or the re-keyed session did not verify. */
export class ChipAuthenticationError extends CardProtocolStepError {
  override readonly code: string = 'ERR_CHIP_AUTHENTICATION';
}
