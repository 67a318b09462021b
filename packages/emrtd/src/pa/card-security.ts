// Passive authentication of EF.CardSecurity (9303-11 §9.2.1.1): its CMS signature by a Document
// Signer (signer named by the SignerInfo's sid, RFC 5652 §5.3; signed attributes bound to the
// content) and that Document Signer's chain to a trusted CSCA. A PACE-CAM terminal trusts the
// chip's static key it holds only after this.
import { createHash } from 'node:crypto';
import { EmrtdError } from '../errors.ts';
import { verifyBytes, verifySignedAttributes } from '../cms/signature.ts';
import { signerMatches } from '../cms/signer-identifier.ts';
import { decodeCardSecurity } from '../lds/card-security.ts';
import { certificateInfo, type CertificateInfo } from './certificate-info.ts';
import { PA_ERROR_CODES as E } from './errors.ts';
import type { TrustStore } from './trust-store.ts';

export interface CardSecurityVerdict {
  valid: boolean;
  errors: { code: string; message: string }[];
}

export function verifyCardSecurity(bytes: Uint8Array, trust: TrustStore, at: Date = new Date()): CardSecurityVerdict {
  let cs;
  try {
    cs = decodeCardSecurity(bytes);
  } catch (err) {
    if (!(err instanceof EmrtdError)) throw err;
    return { valid: false, errors: [{ code: E.SOD_DECODE, message: err.message }] };
  }
  const sd = cs.signedData;
  const si = sd.signerInfos[0]!;
  let ds: CertificateInfo | undefined;
  for (const d of sd.certificates) {
    let c: CertificateInfo;
    try {
      c = certificateInfo(d);
    } catch {
      continue;
    }
    if (signerMatches(si, c.fields)) {
      ds = c;
      break;
    }
  }
  ds ??= trust.findDocumentSigner(si);
  if (!ds) return { valid: false, errors: [{ code: E.SIGNER_NOT_FOUND, message: 'EF.CardSecurity: the Document Signer certificate is neither in it nor in the trust store' }] };
  const errors: CardSecurityVerdict['errors'] = [];
  if (si.signedAttrsDer && (!si.messageDigest || !createHash(si.digestAlgorithm).update(sd.eContent).digest().equals(si.messageDigest))) {
    errors.push({ code: E.MESSAGE_DIGEST, message: 'EF.CardSecurity: messageDigest differs from the hash of its SecurityInfos' });
  }
  let ok = false;
  try {
    ok = si.signedAttrsDer ? verifySignedAttributes(si.signatureAlgorithm, ds.publicKey, si.signedAttrsDer, si.signature) : verifyBytes(si.signatureAlgorithm, ds.publicKey, sd.eContent, si.signature);
  } catch {
    ok = false;
  }
  if (!ok) errors.push({ code: E.SIGNATURE, message: 'EF.CardSecurity: the signature does not verify with the Document Signer key' });
  for (const e of trust.verifyChain(ds, at).errors) errors.push({ code: e.code, message: `EF.CardSecurity: ${e.message}` });
  return { valid: !errors.some((e) => e.code !== E.CRL_INVALID), errors };
}
