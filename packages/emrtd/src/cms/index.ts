// CMS for eMRTDs: LDSSecurityObject, SignedData building and reading, signature algorithms.
export { CmsBuildError, CmsDecodeError, CmsError, UnsupportedAlgorithmError } from './errors.ts';
export * from './oids.ts';
export { decodeLdsSecurityObject, encodeLdsSecurityObject } from './lds-security-object.ts';
export type { LdsSecurityObject } from './lds-security-object.ts';
export { signCms } from './sign.ts';
export type { SignCmsOptions } from './sign.ts';
export { parseSignedData } from './signed-data.ts';
export type { ParsedSignedData, ParsedSignerInfo } from './signed-data.ts';
export { defaultSignatureAlgorithm, readSignatureAlgorithm, signBytes, signatureAlgorithmIdentifier, verifyBytes } from './signature.ts';
export type { Signer, SigningKey } from './signature.ts';
export type { SignatureAlgorithm } from './signature.ts';
