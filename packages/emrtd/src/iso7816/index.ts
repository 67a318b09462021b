export { command, decodeCommand, decodeResponse, encodeCommand, encodeResponse, needsExtended } from './apdu.ts';
export type { CommandApdu, ResponseApdu } from './apdu.ts';
export { CardChannel } from './channel.ts';
export { ApduFormatError, CardStatusError, SecureMessagingError, TransportError } from './errors.ts';
export { SecureMessaging } from './secure-messaging.ts';
export type { SessionKeys } from './secure-messaging.ts';
export { describeStatusWord, isSuccess, SW } from './status.ts';
export type { Transceiver } from './transceiver.ts';
