export { CardProtocolError, ReadCardError } from './errors.ts';
export { readFile } from './read-file.ts';
export type { FileReadOutcome, ReadFileOptions } from './read-file.ts';
export { readCardFiles } from './read-card.ts';
export type { AuthenticationStep, CardReadResult, ReadCardOptions } from './read-card.ts';
export { readCard, trustStoreOf } from './verify-card.ts';
export type { CardVerification, TrustInput, VerifyCardOptions } from './verify-card.ts';
