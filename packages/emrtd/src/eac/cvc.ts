// Card-verifiable certificates, BSI TR-03110-3 appendix C (referenced by 9303-11 §7 for EAC):
//   7F21 { 7F4E body { 5F29 profile identifier (00), 42 CAR, 7F49 public key, 5F20 CHR,
//                      7F4C CHAT { 06 role OID, 53 discretionary data }, 5F25 effective date,
//                      5F24 expiration date, [65 extensions] },
//          5F37 signature (ECDSA plain r‖s, TR-03111 §5.2.1) }
//   public key (§D.3.3): 06 id-TA-ECDSA-SHA-*, then for a CVCA the domain parameters
//   81 p, 82 a, 83 b, 84 G, 85 r, 86 Y, 87 f; other certificates carry 86 Y only.
//   dates (§D.2.1.3): six bytes, one unpacked BCD digit each, YYMMDD.
// The inspection system role and rights (C.4.1): CHAT OID id-IS, one byte: bits 8–7 the role
// (11 CVCA, 10 DV domestic, 01 DV foreign, 00 inspection system), bit 2 DG4 (iris), bit 1 DG3
// (fingerprint).
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { derOid } from '../cms/der.ts';
import { bigintToBytes, bytesToBigint } from '../crypto/bytes.ts';
import { curveByParameters, decodePoint, encodePoint, type Curve } from '../crypto/curves.ts';
import { curveOfKey, ecPublicPoint, ecSpki } from '../crypto/ec-keys.ts';
import { children, decodeTlv, encodeTlv, type Tlv } from '../tlv/index.ts';
import { TlvError } from '../tlv/errors.ts';
import { derToP1363, type ExternalSigner } from '../cms/signer.ts';
import { CvcError } from './errors.ts';

export const ID_TA_ECDSA = '0.4.0.127.0.7.2.2.2.2';
export const TA_HASHES = { sha1: 1, sha224: 2, sha256: 3, sha384: 4, sha512: 5 } as const;
export type TaHash = keyof typeof TA_HASHES;
/** id-IS, the inspection-system role of ePassports (TR-03110-3 C.4.1). */
export const ID_IS = '0.4.0.127.0.7.3.1.2.1';

export type CvcRole = 'cvca' | 'dv-domestic' | 'dv-foreign' | 'is';
const ROLE_BITS: Record<CvcRole, number> = { cvca: 0xc0, 'dv-domestic': 0x80, 'dv-foreign': 0x40, is: 0x00 };
/** Read access rights of id-IS (TR-03110-3 C.4.1). */
export const IS_RIGHTS = { dg3: 0x01, dg4: 0x02 } as const;

export interface CvCertificate {
  /** The whole certificate (7F21) as encoded. */
  raw: Uint8Array;
  /** The body (7F4E with tag and length): what the signature covers. */
  body: Uint8Array;
  signature: Uint8Array;
  car: string;
  chr: string;
  /** id-TA-ECDSA-SHA-* of the key: it names the hash this key signs with. */
  keyOid: string;
  hash: TaHash;
  /** The public point (uncompressed) and, for a CVCA, its curve from the domain parameters. */
  point: Uint8Array;
  curve: Curve | undefined;
  chatOid: string;
  role: CvcRole;
  /** The rights bits of the CHAT (role bits removed). */
  rights: number;
  effective: Date;
  expiration: Date;
}

const fail = (m: string) => new CvcError(`card-verifiable certificate: ${m}`);

function oidValue(oid: string): Uint8Array {
  return decodeTlv(new Uint8Array(new asn1js.ObjectIdentifier({ value: oid }).toBER())).value;
}

/** YYMMDD as six unpacked BCD digits (TR-03110-3 D.2.1.3); years 20YY. */
export function encodeCvcDate(d: Date): Uint8Array {
  const s = d.toISOString().slice(2, 10).replace(/-/g, '');
  return Uint8Array.from([...s].map((c) => c.charCodeAt(0) - 48));
}

export function decodeCvcDate(b: Uint8Array): Date {
  if (b.length !== 6 || b.some((x) => x > 9)) throw fail('a date is not six BCD digits');
  const [y1, y2, m1, m2, d1, d2] = b as unknown as number[];
  const d = new Date(Date.UTC(2000 + y1! * 10 + y2!, m1! * 10 + m2! - 1, d1! * 10 + d2!));
  if (d.getUTCDate() !== d1! * 10 + d2!) throw fail('a date does not exist');
  return d;
}

function hashOfKeyOid(oid: string): TaHash {
  const h = (Object.keys(TA_HASHES) as TaHash[]).find((k) => oid === `${ID_TA_ECDSA}.${TA_HASHES[k]}`);
  if (!h) throw fail(`public key algorithm ${oid} is not id-TA-ECDSA-SHA-*`);
  return h;
}

/** Reads a certificate (7F21), or a body and signature as PSO:Verify Certificate sends them. */
export function decodeCvc(bytes: Uint8Array): CvCertificate {
  try {
    let parts: Tlv[];
    let raw = bytes;
    if (bytes[0] === 0x7f && bytes[1] === 0x21) parts = children(decodeTlv(bytes, 0x7f21, { allowTrailing: true }));
    else {
      parts = [];
      for (let pos = 0; pos < bytes.length; ) {
        const t = decodeTlv(bytes.subarray(pos), undefined, { allowTrailing: true });
        parts.push({ ...t, offset: pos });
        pos += t.size;
      }
      raw = encodeTlv(0x7f21, bytes);
    }
    const bodyTlv = parts.find((t) => t.tag === 0x7f4e);
    const sig = parts.find((t) => t.tag === 0x5f37);
    if (!bodyTlv || !sig) throw fail('body 7F4E or signature 5F37 missing');
    const body = encodeTlv(0x7f4e, bodyTlv.value);
    const f = children(bodyTlv);
    const get = (tag: number) => f.find((t) => t.tag === tag);
    const cpi = get(0x5f29);
    if (!cpi || cpi.value.length !== 1 || cpi.value[0] !== 0) throw fail('profile identifier is not 00');
    const car = get(0x42);
    const chr = get(0x5f20);
    const pk = get(0x7f49);
    const chat = get(0x7f4c);
    const ced = get(0x5f25);
    const cxd = get(0x5f24);
    if (!car || !chr || !pk || !chat || !ced || !cxd) throw fail('a mandatory field is missing');
    const pkParts = children(pk);
    const pkGet = (tag: number) => pkParts.find((t) => t.tag === tag)?.value;
    const keyOid = derOid(pkParts.find((t) => t.tag === 0x06), fail, 'public key OID');
    const point = pkGet(0x86);
    if (!point) throw fail('public point 86 missing');
    let curve: Curve | undefined;
    const p = pkGet(0x81);
    if (p) {
      const g = pkGet(0x84);
      const [a, b, r] = [pkGet(0x82), pkGet(0x83), pkGet(0x85)];
      if (!g || !a || !b || !r || g[0] !== 0x04) throw fail('incomplete domain parameters');
      const half = (g.length - 1) / 2;
      try {
        curve = curveByParameters({ p: bytesToBigint(p), a: bytesToBigint(a), b: bytesToBigint(b), Gx: bytesToBigint(g.subarray(1, 1 + half)), Gy: bytesToBigint(g.subarray(1 + half)), n: bytesToBigint(r) });
      } catch (e) {
        throw fail(`domain parameters: ${(e as Error).message}`);
      }
    }
    const chatParts = children(chat);
    const chatOid = derOid(chatParts.find((t) => t.tag === 0x06), fail, 'CHAT OID');
    const dd = chatParts.find((t) => t.tag === 0x53)?.value;
    if (!dd || dd.length < 1) throw fail('CHAT discretionary data missing');
    const first = dd[0]!;
    const role = (Object.keys(ROLE_BITS) as CvcRole[]).find((k) => ROLE_BITS[k] === (first & 0xc0))!;
    const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');
    return {
      raw,
      body,
      signature: sig.value,
      car: latin1(car.value),
      chr: latin1(chr.value),
      keyOid,
      hash: hashOfKeyOid(keyOid),
      point,
      curve,
      chatOid,
      role,
      rights: first & 0x3f,
      effective: decodeCvcDate(ced.value),
      expiration: decodeCvcDate(cxd.value),
    };
  } catch (e) {
    if (e instanceof CvcError) throw e;
    if (e instanceof TlvError) throw fail(e.message);
    throw e;
  }
}

/** A node KeyObject for a point on a curve (SubjectPublicKeyInfo with the named curve). */
export function publicKeyOf(curve: Curve, point: Uint8Array): KeyObject {
  decodePoint(curve, point);
  return createPublicKey({ key: Buffer.from(ecSpki(curve, point)), format: 'der', type: 'spki' });
}

/** Whether `cert`'s signature verifies with the issuer's key (`curve`, `point`, signing with `hash`). */
export function verifyCvcSignature(cert: CvCertificate, issuer: { curve: Curve; point: Uint8Array; hash: TaHash }): boolean {
  try {
    return verify(issuer.hash, cert.body, { key: publicKeyOf(issuer.curve, issuer.point), dsaEncoding: 'ieee-p1363' }, cert.signature);
  } catch {
    return false;
  }
}

export interface CreateCvcOptions {
  car: string;
  chr: string;
  /** The holder's public key (EC). */
  publicKey: KeyObject;
  role: CvcRole;
  /** Rights bits (IS_RIGHTS); a CVCA or DV usually holds both. */
  rights: number;
  effective: Date;
  expiration: Date;
  /** The issuer's private key (the holder's own for a self-signed CVCA). */
  signerKey: KeyObject;
  /** Hash of the holder key's algorithm OID (default sha256); the issuer signs with its own OID's hash. */
  hash?: TaHash;
  issuerHash?: TaHash;
  /** Write the curve's domain parameters (mandatory for a CVCA, TR-03110-3 C.3.3). */
  domainParameters?: boolean;
}

function checkReference(r: string, what: string): void {
  // TR-03110-3 A.6.1: country (2) + holder mnemonic (≤ 9) + sequence number (5), ISO 8859-1.
  if (!/^[A-Z]{2}[\x20-\x7e]{0,9}[0-9A-Z]{5}$/.test(r)) throw new CvcError(`${what} ${JSON.stringify(r)} is not country (2) + mnemonic (≤ 9) + sequence (5)`);
}

/** The certificate body 7F4E (TR-03110-3 C.1), the bytes the issuer signs. */
function cvcBody(o: Omit<CreateCvcOptions, 'signerKey'>): Uint8Array {
  checkReference(o.car, 'CAR');
  checkReference(o.chr, 'CHR');
  const curve = curveOfKey(o.publicKey);
  const hash = o.hash ?? 'sha256';
  const size = curve.size;
  const pk: Uint8Array[] = [encodeTlv(0x06, oidValue(`${ID_TA_ECDSA}.${TA_HASHES[hash]}`))];
  if (o.domainParameters ?? o.role === 'cvca') {
    const n = (v: bigint) => bigintToBytes(v, Math.ceil(v.toString(16).length / 2));
    pk.push(
      encodeTlv(0x81, bigintToBytes(curve.p, size)),
      encodeTlv(0x82, bigintToBytes(curve.a, size)),
      encodeTlv(0x83, bigintToBytes(curve.b, size)),
      encodeTlv(0x84, encodePoint(curve.Point.BASE)),
      encodeTlv(0x85, n(curve.n)),
    );
  }
  pk.push(encodeTlv(0x86, ecPublicPoint(o.publicKey)));
  if (o.domainParameters ?? o.role === 'cvca') pk.push(encodeTlv(0x87, Uint8Array.of(Number(curve.h))));
  return encodeTlv(0x7f4e, [
    encodeTlv(0x5f29, Uint8Array.of(0)),
    encodeTlv(0x42, Buffer.from(o.car, 'latin1')),
    encodeTlv(0x7f49, pk),
    encodeTlv(0x5f20, Buffer.from(o.chr, 'latin1')),
    encodeTlv(0x7f4c, [encodeTlv(0x06, oidValue(ID_IS)), encodeTlv(0x53, Uint8Array.of(ROLE_BITS[o.role] | (o.rights & 0x3f)))]),
    encodeTlv(0x5f25, encodeCvcDate(o.effective)),
    encodeTlv(0x5f24, encodeCvcDate(o.expiration)),
  ]);
}

export function createCvc(o: CreateCvcOptions): Uint8Array {
  const body = cvcBody(o);
  const signature = sign(o.issuerHash ?? o.hash ?? 'sha256', body, { key: o.signerKey, dsaEncoding: 'ieee-p1363' });
  return encodeTlv(0x7f21, [body, encodeTlv(0x5f37, signature)]);
}

export interface CreateCvcWithOptions extends Omit<CreateCvcOptions, 'signerKey' | 'issuerHash'> {
  /**
   * The issuer's key where it is kept (a PKCS#11 token): it signs with its own hash, which must be
   * the issuer's id-TA-ECDSA hash (TR-03110-3 C.3.1); DER or plain r‖s signatures are accepted.
   */
  signer: ExternalSigner;
  /** The issuer's public key (the holder's own for a self-signed CVCA), to check the signature. */
  issuerPublicKey: KeyObject;
}

/**
 * A CV certificate signed by a key that never leaves its token. The signature goes into 5F37 as
 * plain r‖s (TR-03111 §5.2.1) whatever encoding the token returned, and is verified with the
 * issuer's public key before the certificate is handed out.
 */
export async function createCvcWith(o: CreateCvcWithOptions): Promise<Uint8Array> {
  const body = cvcBody(o);
  let sig: Uint8Array;
  try {
    sig = new Uint8Array(await o.signer.sign(body));
  } catch (err) {
    throw new CvcError(`the issuer's signer failed: ${(err as Error).message}`, { cause: err });
  }
  if (o.signer.algorithm.kind !== 'ecdsa' && o.signer.algorithm.kind !== 'ecdsa-plain') throw new CvcError(`a CV certificate is signed with ECDSA (id-TA-ECDSA), not ${o.signer.algorithm.kind}`);
  const size = curveOfKey(o.issuerPublicKey).size;
  let plain: Uint8Array;
  try {
    plain = sig.length === 2 * size && sig[0] !== 0x30 ? sig : derToP1363(sig, size);
  } catch (err) {
    throw new CvcError((err as Error).message, { cause: err });
  }
  if (!verify(o.signer.algorithm.hash, body, { key: o.issuerPublicKey, dsaEncoding: 'ieee-p1363' }, plain)) {
    throw new CvcError('the signer\'s signature does not verify with the issuer\'s public key (another key, or another hash)');
  }
  return encodeTlv(0x7f21, [body, encodeTlv(0x5f37, plain)]);
}
