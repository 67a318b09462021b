import { CardProtocolStepError } from '../errors.ts';

/**
 * Basic Access Control failed. `sw` is the card's status word when the card refused (a wrong MRZ
 * makes a real chip answer 6300 to EXTERNAL AUTHENTICATE), or 0 when the card's cryptogram did not
 * check out on the reader side.
 */
export class BacError extends CardProtocolStepError {
  override readonly code: string = 'ERR_BAC_FAILED';
}
