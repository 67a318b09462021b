// Extended Access Control: card-verifiable certificates and Terminal Authentication (9303-11 §7, BSI TR-03110).
export { CvcError, TerminalAuthenticationError } from './errors.ts';
export { ID_IS, ID_TA_ECDSA, IS_RIGHTS, TA_HASHES, createCvc, createCvcWith, decodeCvc, decodeCvcDate, encodeCvcDate, publicKeyOf, verifyCvcSignature } from './cvc.ts';
export type { CreateCvcOptions, CreateCvcWithOptions, CvCertificate, CvcRole, TaHash } from './cvc.ts';
export { TerminalAuthenticationChip } from './chip.ts';
export type { EacChipConfig } from './chip.ts';
export { performTerminalAuthentication } from './reader.ts';
export type { TerminalAuthenticationInput, TerminalAuthenticationResult, TerminalCredentials } from './reader.ts';
export { EAC_FILES, initEacDirectory, issueCvc, readPrivateKey } from './directory.ts';
export type { InitEacOptions, IssueCvcOptions } from './directory.ts';
