/**
 * Reader-side channel over a Transceiver: encodes commands, applies secure messaging once a
 * session is established (BAC, PACE, CA replace it), decodes responses.
 */
import { decodeResponse, encodeCommand } from './apdu.ts';
import type { CommandApdu, ResponseApdu } from './apdu.ts';
import { ApduFormatError, CardStatusError } from './errors.ts';
import type { SecureMessaging } from './secure-messaging.ts';
import { SW } from './status.ts';
import type { Transceiver } from './transceiver.ts';

export class CardChannel {
  readonly transceiver: Transceiver;
  /** Active secure messaging session, if any. */
  sm: SecureMessaging | undefined;

  constructor(transceiver: Transceiver) {
    this.transceiver = transceiver;
  }

  /** Sends one command (protected when a session is active) and returns the plain response. */
  async send(apdu: CommandApdu): Promise<ResponseApdu> {
    const sm = this.sm;
    const raw = sm ? sm.protectCommand(apdu) : encodeCommand(apdu);
    const answer = await this.transceiver.transceive(raw);
    if (!(answer instanceof Uint8Array)) throw new ApduFormatError('transport returned no bytes');
    return sm ? sm.unprotectResponse(answer) : decodeResponse(answer);
  }

  /** Like `send` but throws CardStatusError unless the card answers 9000. */
  async expectOk(apdu: CommandApdu, what: string): Promise<Uint8Array> {
    const r = await this.send(apdu);
    if (r.sw !== SW.SUCCESS) throw new CardStatusError(r.sw, what);
    return r.data;
  }
}
