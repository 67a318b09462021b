// Passive authentication, 9303-11 §5.1.
export { PA_ERROR_CODES, PaInputError } from './errors.ts';
export type { PaErrorCode } from './errors.ts';
export { TrustStore } from './trust-store.ts';
export type { ChainError, ChainVerdict, PkdLoadReport } from './trust-store.ts';
export { passiveAuthentication } from './passive-auth.ts';
export type { DataGroupVerdict, PassiveAuthOptions, PassiveAuthResult } from './passive-auth.ts';
export { certificateInfo } from './certificate-info.ts';
export type { CertificateInfo } from './certificate-info.ts';
export { verifyCardSecurity } from './card-security.ts';
export type { CardSecurityVerdict } from './card-security.ts';
