// Who signs: a node:crypto KeyObject in this process, or an external signer such as a PKCS#11
// token (HSM) that holds the key and never gives it out. The external form is
//   { algorithm, sign(data) → Promise<signature> }
// where `data` is exactly what is signed (the DER signed attributes of a SignerInfo, RFC 5652 §5.4;
// a TBSCertificate or TBSCertList, RFC 5280 §4.1/§5.1) and the token hashes it or the adapter
// hashes first and asks the token for the raw operation (SoftHSM has CKM_ECDSA, not
// CKM_ECDSA_SHA256). ECDSA signatures may come back DER-encoded (RFC 5480) or as PKCS#11 gives them,
// r‖s (IEEE P1363): both are accepted, and every external signature is verified with the signer's
// public key before it is written, so a token holding another key is caught at once.
import type { KeyObject } from 'node:crypto';
import { CmsBuildError } from './errors.ts';
import { defaultSignatureAlgorithm, signBytes, verifyBytes, type SignatureAlgorithm } from './signature.ts';
import type { HashName } from './oids.ts';

export interface ExternalSigner {
  /** The algorithm the token signs with (written into the structure's AlgorithmIdentifier). */
  algorithm: SignatureAlgorithm;
  /** The signature over `data`. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export type Signer = KeyObject | ExternalSigner;

export function isExternalSigner(s: Signer): s is ExternalSigner {
  return typeof (s as ExternalSigner).sign === 'function' && typeof (s as ExternalSigner).algorithm === 'object';
}

/** The algorithm a signer will use: the external signer's own, or the key's default with `hash`. */
export function signerAlgorithm(s: Signer, hash: HashName, explicit?: SignatureAlgorithm): SignatureAlgorithm {
  if (isExternalSigner(s)) {
    if (explicit && JSON.stringify(explicit) !== JSON.stringify(s.algorithm)) throw new CmsBuildError('the external signer signs with its own algorithm; another one was asked for');
    return s.algorithm;
  }
  return explicit ?? defaultSignatureAlgorithm(s, hash);
}

/** DER ECDSA-Sig-Value (RFC 5480 §2.2) from r‖s. */
export function p1363ToDer(sig: Uint8Array): Uint8Array {
  const half = sig.length / 2;
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = b.subarray(i);
    const body = v[0]! & 0x80 ? Uint8Array.from([0, ...v]) : v;
    return Uint8Array.from([0x02, ...lengthBytes(body.length), ...body]);
  };
  const r = int(sig.subarray(0, half));
  const s = int(sig.subarray(half));
  return Uint8Array.from([0x30, ...lengthBytes(r.length + s.length), ...r, ...s]);
}

/** r‖s of `size` bytes each from a DER ECDSA-Sig-Value (RFC 5480 §2.2); a plain r‖s of that size passes through. */
export function derToP1363(sig: Uint8Array, size: number): Uint8Array {
  const fail = () => new CmsBuildError('the ECDSA signature is neither DER nor r‖s of the curve\'s size');
  const b = Buffer.from(sig);
  let i = 0;
  const len = () => {
    const first = b[i++]!;
    if (first < 0x80) return first;
    const n = first & 0x7f;
    if (n < 1 || n > 2) throw fail();
    let v = 0;
    for (let k = 0; k < n; k++) v = (v << 8) | b[i++]!;
    return v;
  };
  if (b[i++] !== 0x30) {
    if (sig.length === 2 * size) return sig;
    throw fail();
  }
  const total = len();
  if (i + total !== b.length) throw fail();
  const out = new Uint8Array(2 * size);
  for (const half of [0, 1]) {
    if (b[i++] !== 0x02) throw fail();
    const n = len();
    let v = b.subarray(i, i + n);
    i += n;
    while (v.length > 0 && v[0] === 0) v = v.subarray(1);
    if (v.length > size) throw fail();
    out.set(v, half * size + size - v.length);
  }
  return out;
}

function lengthBytes(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

/**
 * Signs `data` with `signer` under `alg`; an external signature is brought to the encoding `alg`
 * needs and verified with `publicKey` (the signer certificate's key).
 */
export async function signWith(signer: Signer, alg: SignatureAlgorithm, data: Uint8Array, publicKey: KeyObject): Promise<Uint8Array> {
  if (!isExternalSigner(signer)) return signBytes(alg, signer, data);
  let sig: Uint8Array;
  try {
    sig = new Uint8Array(await signer.sign(data));
  } catch (err) {
    throw new CmsBuildError(`the external signer failed: ${(err as Error).message}`, { cause: err });
  }
  const candidates = [sig];
  if (alg.kind === 'ecdsa' && sig.length % 2 === 0 && sig.length > 0) candidates.push(p1363ToDer(sig));
  for (const c of candidates) if (verifyBytes(alg, publicKey, data, c)) return c;
  throw new CmsBuildError(`the external signer's ${alg.kind} ${alg.hash} signature does not verify with the certificate's public key (another key in the token, or another algorithm)`);
}
