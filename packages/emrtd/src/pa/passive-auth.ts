// Passive authentication, 9303-11 §5.1: the SOD's signature by the Document Signer, the DS
// chain to a trusted CSCA (validity at a date, revocation), and every data group's hash.
// Per document: one SOD parse, the DG hashes and one signature verification; what depends only
// on the certificate (parsing, public key, chain verdict) is cached.
import { EmrtdError } from '../errors.ts';
import { OID_LDS_SECURITY_OBJECT, digestOf } from '../cms/oids.ts';
import { verifyBytes } from '../cms/signature.ts';
import { decodeSod, type Sod } from '../lds/sod.ts';
import { certificateInfo, type CertificateInfo } from './certificate-info.ts';
import { PA_ERROR_CODES as E, PaInputError } from './errors.ts';
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
  let sod: Sod;
  try {
    sod = decodeSod(sodBytes);
  } catch (err) {
    if (!(err instanceof EmrtdError)) throw err;
    r.errors.push({ code: err.code === 'ERR_UNSUPPORTED_ALGORITHM' ? E.UNSUPPORTED_ALGORITHM : E.SOD_DECODE, message: err.message });
    return r;
  }
  const { signedData: sd, ldsSecurityObject: lso } = sod;
  const si = sd.signerInfos[0]!;
  r.hashAlgorithm = lso.hashAlgorithm;

  // Signer: SignerInfo.sid against the SOD's certificates, then the supplied ones.
  const ds = findSigner(sd.certificates, o.dsCertificates ?? [], si.issuer, si.serialNumber, si.subjectKeyIdentifier, r);
  if (ds) {
    r.signer = { ...ds.summary };
    // RFC 5652 §5.4 / §11.1–11.2: signed attributes bind the content type and the content digest.
    let attrsOk = true;
    if (si.signedAttrsDer) {
      if (si.contentType !== OID_LDS_SECURITY_OBJECT) {
        attrsOk = false;
        r.errors.push({ code: E.CONTENT_TYPE, message: `contentType attribute ${si.contentType ?? 'absent'} is not id-icao-ldsSecurityObject` });
      }
      const digest = digestOf(si.digestAlgorithm, sd.eContent);
      if (!si.messageDigest || !digest.equals(si.messageDigest)) {
        attrsOk = false;
        r.errors.push({ code: E.MESSAGE_DIGEST, message: 'messageDigest attribute differs from the hash of the LDSSecurityObject' });
      }
    }
    const sigOk = verifyBytes(si.signatureAlgorithm, ds.publicKey, si.signedAttrsDer ?? sd.eContent, si.signature);
    if (!sigOk) r.errors.push({ code: E.SIGNATURE, message: `the SOD signature (${si.signatureAlgorithm.kind} ${si.signatureAlgorithm.hash}) does not verify with the Document Signer key` });
    r.signatureValid = sigOk && attrsOk;
    const chain = o.trust.verifyChain(ds, o.at ?? new Date());
    r.chainValid = chain.chainValid;
    r.errors.push(...chain.errors);
  }

  // Data groups: the hash of each supplied file against the SOD (9303-11 §5.1 step 4).
  const supplied = o.dataGroups instanceof Map ? o.dataGroups : new Map(Object.entries(o.dataGroups ?? {}).map(([k, v]) => [Number(k), v]));
  let dgOk = true;
  for (const n of [...lso.dataGroupHashes.keys()].sort((a, b) => a - b)) {
    const bytes = supplied.get(n);
    if (!bytes) {
      r.dataGroups[n] = 'missing';
      if (o.requiredDataGroups?.includes(n)) {
        dgOk = false;
        r.errors.push({ code: E.DG_REQUIRED, message: `DG${n} is required but was not supplied` });
      }
      continue;
    }
    const ok = digestOf(lso.hashAlgorithm, bytes).equals(lso.dataGroupHashes.get(n)!);
    r.dataGroups[n] = ok ? 'match' : 'mismatch';
    if (!ok) {
      dgOk = false;
      r.errors.push({ code: E.DG_MISMATCH, message: `DG${n} hash differs from the SOD` });
    }
  }
  for (const n of supplied.keys()) {
    if (lso.dataGroupHashes.has(n)) continue;
    r.dataGroups[n] = 'unexpected';
    dgOk = false;
    r.errors.push({ code: E.DG_NOT_IN_SOD, message: `DG${n} was supplied but the SOD has no hash for it` });
  }
  for (const n of o.requiredDataGroups ?? []) {
    if (!lso.dataGroupHashes.has(n)) {
      dgOk = false;
      r.errors.push({ code: E.DG_REQUIRED, message: `DG${n} is required but the SOD has no hash for it` });
    }
  }
  r.valid = r.signatureValid && r.chainValid && dgOk;
  return r;
}

function findSigner(
  inSod: Uint8Array[],
  supplied: Uint8Array[],
  issuer: Uint8Array | undefined,
  serial: Uint8Array | undefined,
  ski: Uint8Array | undefined,
  r: PassiveAuthResult,
): CertificateInfo | undefined {
  const wantSerial = serial ? Buffer.from(serial).toString('hex').toUpperCase().replace(/^(00)+(?=.)/, '') : undefined;
  const wantSki = ski ? Buffer.from(ski).toString('hex') : undefined;
  for (const d of [...inSod, ...supplied]) {
    let c: CertificateInfo;
    try {
      c = certificateInfo(d);
    } catch {
      continue;
    }
    const bySerial = wantSerial !== undefined && c.serialHex === wantSerial && (!issuer || Buffer.compare(Buffer.from(issuer), Buffer.from(c.issuerDer)) === 0);
    const bySki = wantSki !== undefined && c.subjectKeyIdentifier === wantSki;
    if (bySerial || bySki) return c;
  }
  r.errors.push({ code: E.SIGNER_NOT_FOUND, message: 'the Document Signer certificate named by the SignerInfo is neither in the SOD nor supplied' });
  return undefined;
}
