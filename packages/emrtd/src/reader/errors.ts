import { CardProtocolStepError, EmrtdError } from '../errors.ts';

/** The reader could not complete a read: no access protocol worked, or a file could not be read. */
export class ReadCardError extends CardProtocolStepError {
  override readonly code: string = 'ERR_READ_CARD';
}

/** The card's answers did not make sense (a file whose length field disagrees with what the card returns…). */
export class CardProtocolError extends EmrtdError {
  override readonly code: string = 'ERR_CARD_PROTOCOL';
}
