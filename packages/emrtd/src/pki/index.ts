// PKI for eMRTDs, 9303-12: CSCA, Document Signer and master list signer certificates, CRLs,
// CSCA master lists, keys and PEM.
export { PkiBuildError, PkiDecodeError, PkiError } from './errors.ts';
export { derObjects, fromPem, toPem } from './pem.ts';
export { EC_CURVES, generateKeyPair, parseCurve } from './keys.ts';
export type { KeySpec } from './keys.ts';
export { buildName } from './names.ts';
export type { NameSpec } from './names.ts';
export {
  OID_DOCUMENT_TYPE_LIST,
  OID_ML_SIGNING_KEY,
  createCscaCertificate,
  createCscaCertificateWith,
  createDocumentSignerCertificate,
  createDocumentSignerCertificateWith,
  createMasterListSignerCertificate,
  createMasterListSignerCertificateWith,
  keyIdentifier,
} from './certificate.ts';
export type { CertificateOptions } from './certificate.ts';
export { createCrl, createCrlWith, parseCrl, serialHex, verifyCrlSignature } from './crl.ts';
export type { CreateCrlOptions, ParsedCrl } from './crl.ts';
export { createMasterList, createMasterListWith, parseMasterList } from './master-list.ts';
export type { CreateMasterListOptions, MasterList } from './master-list.ts';
export { PKI_FILES, initPkiDirectory, readPkiDirectory } from './directory.ts';
export type { InitPkiOptions, PkiDirectory } from './directory.ts';
export { ldifValues, readLdif } from './ldif.ts';
export type { LdifRecord } from './ldif.ts';
export { readPkdLdif } from './pkd.ts';
export type { PkdContents } from './pkd.ts';
