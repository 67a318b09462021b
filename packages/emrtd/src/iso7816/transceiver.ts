/**
 * The one thing a reader needs from a transport (gmrtd's `iso7816/transceiver.go` style): send a
 * command APDU, get the response APDU (data ‖ SW1 SW2). The virtual chip, a vpcd-served card and
 * a PC/SC reader all implement it.
 */
export interface Transceiver {
  transceive(apdu: Uint8Array): Promise<Uint8Array>;
}
