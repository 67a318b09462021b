export { activeAuthenticationSign } from './chip.ts';
export type { ActiveAuthenticationKey } from './chip.ts';
export { signIso9796_2, verifyIso9796_2 } from './iso9796-2.ts';
export { performActiveAuthentication, verifyActiveAuthentication } from './reader.ts';
export type { ActiveAuthenticationResult } from './reader.ts';
