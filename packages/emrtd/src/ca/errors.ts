import { EmrtdError } from '../errors.ts';

/** Chip Authentication failed: the card refused (sw) or the re-keyed session did not verify. */
export class ChipAuthenticationError extends EmrtdError {
  override readonly code: string = 'ERR_CHIP_AUTHENTICATION';
  readonly sw: number;
  constructor(message: string, sw: number, options?: { cause?: unknown }) {
    super(message, options);
    this.sw = sw;
  }
}
