// Passive authentication, 9303-11 §5.1: the SOD's signature by the Document Signer, the DS
// chain to a trusted CSCA (validity at a date, revocation), and every data group's hash.
// Per document: one pass over the SOD's DER (sod-fields.ts), the DG and eContent hashes and one
// signature verification; what depends only on a certificate (parsing, public key, the date-free
// part of the chain verdict) is cached, so the cost is close to that of the hashes and the one
// verification (npm run bench:pa).
import { EmrtdError } from '../errors.ts';
import { OID_LDS_SECURITY_OBJECT, digestOf } from '../cms/oids.ts';
import { verifyBytes, verifySignedAttributes } from '../cms/signature.ts';
import { decodeSod } from '../lds/sod.ts';
import { certificateInfo, type CertificateInfo } from './certificate-info.ts';
import { PA_ERROR_CODES as E, PaInputError } from './errors.ts';
import { readSodFields, sodFieldsOf, type SodFields } from './sod-fields.ts';
import { signerMatches } from '../cms/signer-identifier.ts';
import type { TrustStore } from './trust-store.ts';

export type DataGroupVerdict = 'match' | 'mismatch' | 'missing' | 'unexpected';

export interface PassiveAuthResult {
  valid: boolean;
  signatureValid: boolean;
  chainValid: boolean;
  signer: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string } | null;
  /**
   * Per data group: `match`, `mismatch` (hash differs), `missing` (in the SOD, not supplied),
   * `unexpected` (supplied, not in the SOD — an error).
   */
  dataGroups: Record<string, DataGroupVerdict>;
  errors: { code: string; message: string }[];
  hashAlgorithm: string | undefined;
}

export interface PassiveAuthOptions {
  trust: TrustStore;
  /** Data group number → whole DG file bytes (tag and length included). */
  dataGroups?: Map<number, Uint8Array> | Record<number, Uint8Array>;
  /** Date at which certificate validity is judged; now by default. */
  at?: Date;
  /** Data groups that must be supplied and match (otherwise `missing` is not an error). */
  requiredDataGroups?: number[];
  /** Document Signer certificates (DER) to use when the SOD does not include its own. */
  dsCertificates?: Uint8Array[];
}

export function passiveAuthentication(sodBytes: Uint8Array, o: PassiveAuthOptions): PassiveAuthResult {
  if (o.at !== undefined && Number.isNaN(o.at.getTime())) throw new PaInputError('`at` is not a valid date');
  const r: PassiveAuthResult = { valid: false, signatureValid: false, chainValid: false, signer: null, dataGroups: {}, errors: [], hashAlgorithm: undefined };
  // The one-pass reader covers the SODs issuers write; anything else (and every malformed SOD)
  // goes through the general decoder, which reads it or says what is wrong.
  let sod: SodFields | undefined = readSodFields(sodBytes);
  if (!sod) {
    try {
      sod = sodFieldsOf(decodeSod(sodBytes));
    } catch (err) {
      if (!(err instanceof EmrtdError)) throw err;
      r.errors.push({ code: err.code === 'ERR_UNSUPPORTED_ALGORITHM' ? E.UNSUPPORTED_ALGORITHM : E.SOD_DECODE, message: err.message });
      return r;
    }
  }
  r.hashAlgorithm = sod.hashAlgorithm;

  // Signer: SignerInfo.sid against the SOD's certificates, then the supplied ones.
  const ds = findSigner(sod.certificates, sod) ?? (o.dsCertificates ? findSigner(o.dsCertificates, sod) : undefined) ?? known(o.trust.findDocumentSigner(sod));
  if (ds) {
    r.signer = { ...ds.summary };
    // RFC 5652 §5.4 / §11.1–11.2: signed attributes bind the content type and the content digest.
    let attrsOk = true;
    if (sod.signedAttrs) {
      if (sod.contentType !== OID_LDS_SECURITY_OBJECT) {
        attrsOk = false;
        r.errors.push({ code: E.CONTENT_TYPE, message: `contentType attribute ${sod.contentType ?? 'absent'} is not id-icao-ldsSecurityObject` });
      }
      const digest = digestOf(sod.digestAlgorithm, sod.eContent);
      if (!sod.messageDigest || !digest.equals(sod.messageDigest)) {
        attrsOk = false;
        r.errors.push({ code: E.MESSAGE_DIGEST, message: 'messageDigest attribute differs from the hash of the LDSSecurityObject' });
      }
    }
    const sigOk = sod.signedAttrs
      ? verifySignedAttributes(sod.signatureAlgorithm, ds.publicKey, sod.signedAttrs, sod.signature)
      : verifyBytes(sod.signatureAlgorithm, ds.publicKey, sod.eContent, sod.signature);
    if (!sigOk) r.errors.push({ code: E.SIGNATURE, message: `the SOD signature (${sod.signatureAlgorithm.kind} ${sod.signatureAlgorithm.hash}) does not verify with the Document Signer key` });
    r.signatureValid = sigOk && attrsOk;
    const chain = o.trust.verifyChain(ds, o.at ?? new Date());
    r.chainValid = chain.chainValid;
    for (const e of chain.errors) r.errors.push({ code: e.code, message: e.message });
  } else {
    r.errors.push({ code: E.SIGNER_NOT_FOUND, message: 'the Document Signer certificate named by the SignerInfo is neither in the SOD, nor supplied, nor in the trust store' });
  }

  // Data groups: the hash of each supplied file against the SOD (9303-11 §5.1 step 4), in
  // ascending DG number.
  const supplied = o.dataGroups instanceof Map ? o.dataGroups : new Map(Object.entries(o.dataGroups ?? {}).map(([k, v]) => [Number(k), v]));
  const numbers = sod.dataGroupNumbers;
  let dgOk = true;
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i]!;
    const bytes = supplied.get(n);
    if (!bytes) {
      r.dataGroups[n] = 'missing';
      if (o.requiredDataGroups?.includes(n)) {
        dgOk = false;
        r.errors.push({ code: E.DG_REQUIRED, message: `DG${n} is required but was not supplied` });
      }
      continue;
    }
    const ok = digestOf(sod.hashAlgorithm, bytes).equals(sod.dataGroupHashes[i]!);
    r.dataGroups[n] = ok ? 'match' : 'mismatch';
    if (!ok) {
      dgOk = false;
      r.errors.push({ code: E.DG_MISMATCH, message: `DG${n} hash differs from the SOD` });
    }
  }
  for (const n of supplied.keys()) {
    if (numbers.includes(n)) continue;
    r.dataGroups[n] = 'unexpected';
    dgOk = false;
    r.errors.push({ code: E.DG_NOT_IN_SOD, message: `DG${n} was supplied but the SOD has no hash for it` });
  }
  if (o.requiredDataGroups) {
    for (const n of o.requiredDataGroups) {
      if (!numbers.includes(n)) {
        dgOk = false;
        r.errors.push({ code: E.DG_REQUIRED, message: `DG${n} is required but the SOD has no hash for it` });
      }
    }
  }
  r.valid = r.signatureValid && r.chainValid && dgOk;
  return r;
}

/**
 * The certificate of `list` the SignerInfo names (RFC 5652 §5.3, cms/signer-identifier.ts):
 * issuer and serial number, or subject key identifier. Certificates that do not parse are skipped.
 */
function findSigner(list: readonly Uint8Array[], sod: SodFields): CertificateInfo | undefined {
  for (let i = 0; i < list.length; i++) {
    let c: CertificateInfo;
    try {
      c = certificateInfo(list[i]!);
    } catch {
      continue;
    }
    if (signerMatches(sod, c.fields) && usable(c)) return c;
  }
  return undefined;
}

/** OpenSSL reads the certificate and its key (made lazily; a certificate it refuses cannot sign). */
function usable(c: CertificateInfo): boolean {
  try {
    return c.publicKey !== undefined && c.summary !== undefined;
  } catch {
    return false;
  }
}

/** A Document Signer from the trust store (ICAO PKD), if OpenSSL can use it. */
function known(c: CertificateInfo | undefined): CertificateInfo | undefined {
  return c && usable(c) ? c : undefined;
}
