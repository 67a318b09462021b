export { ChipAuthenticationError } from './errors.ts';
export { caOid, caProtocol } from './protocol.ts';
export type { CaProtocol } from './protocol.ts';
export { performChipAuthentication } from './reader.ts';
export type { ChipAuthenticationInput, ChipAuthenticationResult } from './reader.ts';
