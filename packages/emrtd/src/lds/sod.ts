// EF.SOD, 9303-10 §4.6.2: `77 { ContentInfo(SignedData) }` over an LDSSecurityObject holding the
// hash of every data group file (tag and length included).
import { createHash, type KeyObject } from 'node:crypto';
import { EmrtdError } from '../errors.ts';
import { decodeLdsSecurityObject, encodeLdsSecurityObject, type LdsSecurityObject } from '../cms/lds-security-object.ts';
import { OID_LDS_SECURITY_OBJECT, type HashName } from '../cms/oids.ts';
import { signCms, signCmsWith } from '../cms/sign.ts';
import type { Signer } from '../cms/signer.ts';
import { parseSignedData, type ParsedSignedData } from '../cms/signed-data.ts';
import type { SignatureAlgorithm } from '../cms/signature.ts';
import { encodeTlv } from '../tlv/index.ts';
import { LdsDecodeError } from './errors.ts';
import { outer } from './decode-outer.ts';

export interface Sod {
  /** DER ContentInfo (the content of tag 77), as `openssl cms` reads it. */
  contentInfo: Uint8Array;
  signedData: ParsedSignedData;
  ldsSecurityObject: LdsSecurityObject;
}

/** Decodes EF.SOD; CMS and LDSSecurityObject errors are reported as LdsDecodeError('SOD'). */
export function decodeSod(bytes: Uint8Array): Sod {
  const t = outer('SOD', bytes, 0x77);
  try {
    const signedData = parseSignedData(t.value, 'EF.SOD');
    if (signedData.eContentType !== OID_LDS_SECURITY_OBJECT) {
      throw new LdsDecodeError('SOD', `eContentType ${signedData.eContentType} is not id-icao-ldsSecurityObject`);
    }
    return { contentInfo: t.value, signedData, ldsSecurityObject: decodeLdsSecurityObject(signedData.eContent) };
  } catch (err) {
    if (err instanceof LdsDecodeError || !(err instanceof EmrtdError)) throw err;
    throw new LdsDecodeError('SOD', err.message, { cause: err });
  }
}

export interface EncodeSodOptions {
  /** Data group number → the whole DG file bytes. */
  dataGroups: Map<number, Uint8Array> | Record<number, Uint8Array>;
  /** DER of the Document Signer certificate. */
  dsCertificate: Uint8Array;
  dsKey: KeyObject;
  /** Hash of the data groups and of the signature; SHA-256 by default. */
  digest?: HashName;
  signatureAlgorithm?: SignatureAlgorithm;
  /** LDS 1.8: writes LDSSecurityObject version 1 with LDSVersionInfo. */
  ldsVersionInfo?: { ldsVersion: string; unicodeVersion: string };
  signingTime?: Date | null;
  noSignedAttributes?: boolean;
  /** Leave the Document Signer certificate out (readers then need it from elsewhere, e.g. the ICAO PKD). */
  omitSignerCertificate?: boolean;
}

/** The CMS options of an EF.SOD: the LDSSecurityObject over the data groups' hashes. */
function sodCms(o: Omit<EncodeSodOptions, 'dsKey'>) {
  const digest = o.digest ?? 'sha256';
  const entries = o.dataGroups instanceof Map ? [...o.dataGroups] : Object.entries(o.dataGroups).map(([k, v]) => [Number(k), v] as const);
  const dataGroupHashes = new Map<number, Uint8Array>(entries.map(([n, b]) => [n, createHash(digest).update(b).digest()]));
  const eContent = encodeLdsSecurityObject({ hashAlgorithm: digest, dataGroupHashes, ...(o.ldsVersionInfo ? { ldsVersionInfo: o.ldsVersionInfo } : {}) });
  return {
    eContentType: OID_LDS_SECURITY_OBJECT,
    eContent,
    signerCertificate: o.dsCertificate,
    digest,
    ...(o.signatureAlgorithm ? { signatureAlgorithm: o.signatureAlgorithm } : {}),
    ...(o.signingTime !== undefined ? { signingTime: o.signingTime } : {}),
    ...(o.noSignedAttributes ? { noSignedAttributes: true } : {}),
    ...(o.omitSignerCertificate ? { omitSignerCertificate: true } : {}),
  };
}

/** Hashes the data groups and signs the LDSSecurityObject; returns the EF.SOD bytes. */
export function encodeSod(o: EncodeSodOptions): Uint8Array {
  return encodeTlv(0x77, signCms({ ...sodCms(o), signerKey: o.dsKey }));
}

/**
 * The same with any Document Signer: a KeyObject or an external signer (the DS key in a PKCS#11
 * token); the signature is checked against the DS certificate before EF.SOD is written.
 */
export async function encodeSodWith(o: Omit<EncodeSodOptions, 'dsKey'> & { dsSigner: Signer }): Promise<Uint8Array> {
  return encodeTlv(0x77, await signCmsWith({ ...sodCms(o), signer: o.dsSigner }));
}
