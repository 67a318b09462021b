/**
 * EC key plumbing between node:crypto KeyObjects (which sign, and know brainpool) and the
 * @noble/curves points of `curves.ts` (which do the point arithmetic PACE and CA need).
 */
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { bigintToBytes, bytesToBigint } from './bytes.ts';
import { curveByName, curveByParameters, decodePoint, ecdhX, encodePoint, multiplyBase, randomScalar } from './curves.ts';
import type { Curve, Point } from './curves.ts';
import { CurveError } from './errors.ts';
import { concatBytes, encodeTlv } from '../tlv/encode.ts';

function der(key: KeyObject, type: 'pkcs8' | 'spki'): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type }));
}

/**
 * The curve of an EC key. Named curves by name; keys with explicit parameters (RFC 3279
 * ECParameters, common in passports' DG14/DG15) by matching the parameters against our table.
 */
export function curveOfKey(key: KeyObject): Curve {
  if (key.asymmetricKeyType !== 'ec') throw new CurveError(`not an EC key (${key.asymmetricKeyType})`);
  const named = key.asymmetricKeyDetails?.namedCurve;
  if (named) return curveByName(named);
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return curveFromSpki(der(pub, 'spki')).curve;
}

/** Parses a SubjectPublicKeyInfo holding an EC key (named or explicit parameters). */
export function curveFromSpki(spki: Uint8Array): { curve: Curve; point: Point } {
  const parsed = asn1js.fromBER(spki);
  if (parsed.offset === -1) throw new CurveError('SubjectPublicKeyInfo is not DER');
  const seq = parsed.result as asn1js.Sequence;
  const alg = (seq.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value;
  const bits = seq.valueBlock.value[1] as asn1js.BitString | undefined;
  if (!alg || !(bits instanceof asn1js.BitString)) throw new CurveError('malformed SubjectPublicKeyInfo');
  const params = alg[1];
  let curve: Curve;
  if (params instanceof asn1js.ObjectIdentifier) {
    curve = curveByName(params.valueBlock.toString());
  } else if (params instanceof asn1js.Sequence) {
    curve = curveFromExplicit(params);
  } else {
    throw new CurveError('EC key without domain parameters');
  }
  return { curve, point: decodePoint(curve, new Uint8Array(bits.valueBlock.valueHexView)) };
}

/** SEC 1 §C.2 SpecifiedECDomain { version, fieldID { prime-field, p }, curve { a, b }, base, order, cofactor }. */
function curveFromExplicit(params: asn1js.Sequence): Curve {
  try {
    const [, fieldId, curveSeq, base, order] = params.valueBlock.value as [asn1js.Integer, asn1js.Sequence, asn1js.Sequence, asn1js.OctetString, asn1js.Integer];
    const p = bytesToBigint(new Uint8Array((fieldId.valueBlock.value[1] as asn1js.Integer).valueBlock.valueHexView));
    const a = bytesToBigint(new Uint8Array((curveSeq.valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView));
    const b = bytesToBigint(new Uint8Array((curveSeq.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView));
    const g = new Uint8Array(base.valueBlock.valueHexView);
    const n = bytesToBigint(new Uint8Array(order.valueBlock.valueHexView));
    if (g[0] !== 0x04) throw new CurveError('compressed base point in explicit parameters');
    const half = (g.length - 1) / 2;
    return curveByParameters({ p, a, b, Gx: bytesToBigint(g.subarray(1, 1 + half)), Gy: bytesToBigint(g.subarray(1 + half)), n });
  } catch (e) {
    if (e instanceof CurveError) throw e;
    throw new CurveError('malformed explicit EC domain parameters', { cause: e });
  }
}

/** The private scalar of an EC private key (PKCS#8 → RFC 5915 ECPrivateKey.privateKey). */
export function ecPrivateScalar(key: KeyObject): bigint {
  if (key.type !== 'private') throw new CurveError('not a private key');
  const pk = asn1js.fromBER(der(key, 'pkcs8'));
  const info = pk.result as asn1js.Sequence;
  const inner = info.valueBlock.value[2] as asn1js.OctetString;
  const ec = asn1js.fromBER(new Uint8Array(inner.valueBlock.valueHexView)).result as asn1js.Sequence;
  return bytesToBigint(new Uint8Array((ec.valueBlock.value[1] as asn1js.OctetString).valueBlock.valueHexView));
}

/** Uncompressed public point of an EC key. */
export function ecPublicPoint(key: KeyObject): Uint8Array {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return encodePoint(curveFromSpki(der(pub, 'spki')).point);
}

/** ECDH shared secret: the x-coordinate of d·Q, after checking Q is on the curve (9303-11 §9.6). */
export function ecdhSharedSecret(curve: Curve, d: bigint, peer: Uint8Array): Uint8Array {
  return ecdhX(curve, d, peer);
}

const oidDer = new Map<string, Uint8Array>();
/** DER of a curve's OBJECT IDENTIFIER, encoded once per curve. */
function curveOidDer(curve: Curve): Uint8Array {
  let der = oidDer.get(curve.oid);
  if (!der) {
    der = new Uint8Array(new asn1js.ObjectIdentifier({ value: curve.oid }).toBER());
    oidDer.set(curve.oid, der);
  }
  return der;
}

/** DER of the SEQUENCE { id-ecPublicKey, namedCurve } AlgorithmIdentifier (RFC 5480 §2.1.1), per curve. */
const ecAlgorithmDer = new Map<string, Uint8Array>();

/** SubjectPublicKeyInfo (RFC 5480 §2) of an encoded point on a named curve, written with the TLV encoder. */
export function ecSpki(curve: Curve, point: Uint8Array): Uint8Array {
  let alg = ecAlgorithmDer.get(curve.oid);
  if (!alg) {
    alg = encodeTlv(0x30, [new Uint8Array(new asn1js.ObjectIdentifier({ value: '1.2.840.10045.2.1' }).toBER()), curveOidDer(curve)]);
    ecAlgorithmDer.set(curve.oid, alg);
  }
  return encodeTlv(0x30, [alg, encodeTlv(0x03, concatBytes(Uint8Array.of(0), point))]);
}

/**
 * Builds a node KeyObject for a private scalar on a named curve (for signing with node:crypto):
 * SEC 1 §C.4 ECPrivateKey { version 1, privateKey, [0] parameters, [1] publicKey }, written with
 * the TLV encoder (a card makes two of these; asn1js's object model cost more than the key).
 */
export function ecPrivateKeyFromScalar(curve: Curve, d: bigint): KeyObject {
  const pub = multiplyBase(curve, d);
  const der = encodeTlv(0x30, [
    encodeTlv(0x02, Uint8Array.of(1)),
    encodeTlv(0x04, bigintToBytes(d, curve.size)),
    encodeTlv(0xa0, curveOidDer(curve)),
    encodeTlv(0xa1, encodeTlv(0x03, concatBytes(Uint8Array.of(0), pub))),
  ]);
  return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'sec1' });
}

/**
 * A new EC key pair on `curve` whose private scalar is drawn by `randomScalar` (FIPS 186-5 §A.4.2),
 * the one scalar generation of the package: chip keys for Chip and Active Authentication as well
 * as PACE and CA ephemeral keys. `random` is injectable for tests; the default is the CSPRNG.
 */
export function generateEcKeyPair(curve: Curve, random: (n: number) => Uint8Array = (n) => new Uint8Array(randomBytes(n))): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = ecPrivateKeyFromScalar(curve, randomScalar(curve, random));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
