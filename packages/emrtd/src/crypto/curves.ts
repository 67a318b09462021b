/**
 * Elliptic curves of the PACE standardized domain parameters (9303-11 §9.5.1, ids 8–18; the
 * values are those of RFC 5639 and FIPS 186-4) as @noble/curves point types, for the point
 * arithmetic PACE generic mapping and Chip Authentication need (node:crypto has no point
 * addition). Curves given by explicit parameters (as in many real passports' DG14) are matched
 * against this table by their parameters, not their name.
 */
import { createECDH } from 'node:crypto';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { bigintToBytes, bytesToBigint } from './bytes.ts';
import { CurveError } from './errors.ts';

export interface CurveParams {
  /** OpenSSL / node:crypto name. */
  name: string;
  /** Named-curve object identifier. */
  oid: string;
  p: bigint;
  a: bigint;
  b: bigint;
  Gx: bigint;
  Gy: bigint;
  n: bigint;
  h: bigint;
}

export interface Curve extends CurveParams {
  /** Length of a field element in bytes. */
  size: number;
  Point: WeierstrassPointCons<bigint>;
}

export type Point = WeierstrassPoint<bigint>;

const H = (s: string): bigint => BigInt(`0x${s}`);

const TABLE: Array<[number | null, CurveParams]> = [
  [8, { name: 'prime192v1', oid: '1.2.840.10045.3.1.1', p: H('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFFFFFFFFFF'), a: H('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFFFFFFFFFC'), b: H('64210519E59C80E70FA7E9AB72243049FEB8DEECC146B9B1'), Gx: H('188DA80EB03090F67CBF20EB43A18800F4FF0AFD82FF1012'), Gy: H('07192B95FFC8DA78631011ED6B24CDD573F977A11E794811'), n: H('FFFFFFFFFFFFFFFFFFFFFFFF99DEF836146BC9B1B4D22831'), h: 1n }],
  [9, { name: 'brainpoolP192r1', oid: '1.3.36.3.3.2.8.1.1.3', p: H('C302F41D932A36CDA7A3463093D18DB78FCE476DE1A86297'), a: H('6A91174076B1E0E19C39C031FE8685C1CAE040E5C69A28EF'), b: H('469A28EF7C28CCA3DC721D044F4496BCCA7EF4146FBF25C9'), Gx: H('C0A0647EAAB6A48753B033C56CB0F0900A2F5C4853375FD6'), Gy: H('14B690866ABD5BB88B5F4828C1490002E6773FA2FA299B8F'), n: H('C302F41D932A36CDA7A3462F9E9E916B5BE8F1029AC4ACC1'), h: 1n }],
  [10, { name: 'secp224r1', oid: '1.3.132.0.33', p: H('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF000000000000000000000001'), a: H('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFE'), b: H('B4050A850C04B3ABF54132565044B0B7D7BFD8BA270B39432355FFB4'), Gx: H('B70E0CBD6BB4BF7F321390B94A03C1D356C21122343280D6115C1D21'), Gy: H('BD376388B5F723FB4C22DFE6CD4375A05A07476444D5819985007E34'), n: H('FFFFFFFFFFFFFFFFFFFFFFFFFFFF16A2E0B8F03E13DD29455C5C2A3D'), h: 1n }],
  [11, { name: 'brainpoolP224r1', oid: '1.3.36.3.3.2.8.1.1.5', p: H('D7C134AA264366862A18302575D1D787B09F075797DA89F57EC8C0FF'), a: H('68A5E62CA9CE6C1C299803A6C1530B514E182AD8B0042A59CAD29F43'), b: H('2580F63CCFE44138870713B1A92369E33E2135D266DBB372386C400B'), Gx: H('0D9029AD2C7E5CF4340823B2A87DC68C9E4CE3174C1E6EFDEE12C07D'), Gy: H('58AA56F772C0726F24C6B89E4ECDAC24354B9E99CAA3F6D3761402CD'), n: H('D7C134AA264366862A18302575D0FB98D116BC4B6DDEBCA3A5A7939F'), h: 1n }],
  [12, { name: 'prime256v1', oid: '1.2.840.10045.3.1.7', p: H('FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF'), a: H('FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC'), b: H('5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B'), Gx: H('6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296'), Gy: H('4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5'), n: H('FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551'), h: 1n }],
  [13, { name: 'brainpoolP256r1', oid: '1.3.36.3.3.2.8.1.1.7', p: H('A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377'), a: H('7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9'), b: H('26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6'), Gx: H('8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262'), Gy: H('547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997'), n: H('A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7'), h: 1n }],
  [14, { name: 'brainpoolP320r1', oid: '1.3.36.3.3.2.8.1.1.9', p: H('D35E472036BC4FB7E13C785ED201E065F98FCFA6F6F40DEF4F92B9EC7893EC28FCD412B1F1B32E27'), a: H('3EE30B568FBAB0F883CCEBD46D3F3BB8A2A73513F5EB79DA66190EB085FFA9F492F375A97D860EB4'), b: H('520883949DFDBC42D3AD198640688A6FE13F41349554B49ACC31DCCD884539816F5EB4AC8FB1F1A6'), Gx: H('43BD7E9AFB53D8B85289BCC48EE5BFE6F20137D10A087EB6E7871E2A10A599C710AF8D0D39E20611'), Gy: H('14FDD05545EC1CC8AB4093247F77275E0743FFED117182EAA9C77877AAAC6AC7D35245D1692E8EE1'), n: H('D35E472036BC4FB7E13C785ED201E065F98FCFA5B68F12A32D482EC7EE8658E98691555B44C59311'), h: 1n }],
  [15, { name: 'secp384r1', oid: '1.3.132.0.34', p: H('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF'), a: H('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFC'), b: H('B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF'), Gx: H('AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7'), Gy: H('3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F'), n: H('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973'), h: 1n }],
  [16, { name: 'brainpoolP384r1', oid: '1.3.36.3.3.2.8.1.1.11', p: H('8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B412B1DA197FB71123ACD3A729901D1A71874700133107EC53'), a: H('7BC382C63D8C150C3C72080ACE05AFA0C2BEA28E4FB22787139165EFBA91F90F8AA5814A503AD4EB04A8C7DD22CE2826'), b: H('04A8C7DD22CE28268B39B55416F0447C2FB77DE107DCD2A62E880EA53EEB62D57CB4390295DBC9943AB78696FA504C11'), Gx: H('1D1C64F068CF45FFA2A63A81B7C13F6B8847A3E77EF14FE3DB7FCAFE0CBD10E8E826E03436D646AAEF87B2E247D4AF1E'), Gy: H('8ABE1D7520F9C2A45CB1EB8E95CFD55262B70B29FEEC5864E19C054FF99129280E4646217791811142820341263C5315'), n: H('8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B31F166E6CAC0425A7CF3AB6AF6B7FC3103B883202E9046565'), h: 1n }],
  [17, { name: 'brainpoolP512r1', oid: '1.3.36.3.3.2.8.1.1.13', p: H('AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA703308717D4D9B009BC66842AECDA12AE6A380E62881FF2F2D82C68528AA6056583A48F3'), a: H('7830A3318B603B89E2327145AC234CC594CBDD8D3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CA'), b: H('3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CADC083E67984050B75EBAE5DD2809BD638016F723'), Gx: H('81AEE4BDD82ED9645A21322E9C4C6A9385ED9F70B5D916C1B43B62EEF4D0098EFF3B1F78E2D0D48D50D1687B93B97D5F7C6D5047406A5E688B352209BCB9F822'), Gy: H('7DDE385D566332ECC0EABFA9CF7822FDF209F70024A57B1AA000C55B881F8111B2DCDE494A5F485E5BCA4BD88A2763AED1CA2B2FA8F0540678CD1E0F3AD80892'), n: H('AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA70330870553E5C414CA92619418661197FAC10471DB1D381085DDADDB58796829CA90069'), h: 1n }],
  [18, { name: 'secp521r1', oid: '1.3.132.0.35', p: H('01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'), a: H('01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC'), b: H('0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF109E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00'), Gx: H('00C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3C1856A429BF97E7E31C2E5BD66'), Gy: H('011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E662C97EE72995EF42640C550B9013FAD0761353C7086A272C24088BE94769FD16650'), n: H('01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409'), h: 1n }],
];

const built = new Map<string, Curve>();

function build(params: CurveParams): Curve {
  let c = built.get(params.name);
  if (!c) {
    const Point = weierstrass({ p: params.p, n: params.n, h: params.h, a: params.a, b: params.b, Gx: params.Gx, Gy: params.Gy });
    c = { ...params, size: Math.ceil(params.p.toString(16).length / 2), Point };
    built.set(params.name, c);
  }
  return c;
}

/** PACE standardized domain parameter ids of the elliptic curves, 9303-11 §9.5.1 (8–18). */
export const EC_STANDARD_PARAMETER_IDS: readonly number[] = TABLE.map(([id]) => id as number);

/** The curve of a standardized domain parameter id (9303-11 §9.5.1); throws CurveError for DH ids or unknown ones. */
export function curveByParameterId(id: number): Curve {
  const row = TABLE.find(([pid]) => pid === id);
  if (!row) throw new CurveError(`standardized domain parameters ${id} are not an elliptic curve we support`);
  return build(row[1]);
}

export function parameterIdOfCurve(curve: Curve): number {
  const row = TABLE.find(([, p]) => p.name === curve.name);
  if (!row || row[0] === null) throw new CurveError(`no standardized id for ${curve.name}`);
  return row[0];
}

/** By OpenSSL name (`brainpoolP256r1`, `prime256v1`, `P-256`…) or named-curve OID. */
export function curveByName(nameOrOid: string): Curve {
  const alias: Record<string, string> = { 'P-192': 'prime192v1', secp192r1: 'prime192v1', 'P-224': 'secp224r1', 'P-256': 'prime256v1', secp256r1: 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' };
  const name = alias[nameOrOid] ?? nameOrOid;
  const row = TABLE.find(([, p]) => p.name === name || p.oid === name);
  if (!row) throw new CurveError(`unsupported curve ${nameOrOid}`);
  return build(row[1]);
}

/** Identifies explicit domain parameters (SEC 1 §C.2 ECParameters) with a known curve. */
export function curveByParameters(p: { p: bigint; a: bigint; b: bigint; Gx: bigint; Gy: bigint; n: bigint }): Curve {
  const row = TABLE.find(([, c]) => c.p === p.p && c.a === p.a && c.b === p.b && c.Gx === p.Gx && c.Gy === p.Gy && c.n === p.n);
  if (!row) throw new CurveError('explicit curve parameters match no supported curve');
  return build(row[1]);
}

/** Decodes an uncompressed (or compressed) SEC 1 point and checks it is on the curve. */
export function decodePoint(curve: Curve, bytes: Uint8Array): Point {
  try {
    const pt = curve.Point.fromBytes(bytes);
    pt.assertValidity();
    return pt;
  } catch (e) {
    throw new CurveError(`not a point of ${curve.name}`, { cause: e });
  }
}

/** Uncompressed encoding 04‖x‖y (9303-11 §9.4.2 uses it for ephemeral keys). */
export function encodePoint(point: Point): Uint8Array {
  return new Uint8Array(point.toBytes(false));
}

export function xCoordinate(curve: Curve, point: Point): Uint8Array {
  return bigintToBytes(point.toAffine().x, curve.size);
}

/** Bit length of the order n. */
export function orderBits(curve: Curve): number {
  return curve.n.toString(2).length;
}

/**
 * A secret scalar in [1, n−1] by rejection sampling (FIPS 186-5 §A.4.2; the bits2int step of RFC
 * 6979 §3.2): draw ⌈bits/8⌉ random bytes, keep only the low `bits` bits of that string, the bit
 * length of n, and draw again when the result is 0 or ≥ n. Without the mask a P-521 draw (66
 * bytes = 528 bits) would fall below n once in 128; with it each draw is accepted with probability
 * n / 2^bits ≥ 1/2 on every curve, so 64 rejections in a row mean a broken random source.
 */
export function randomScalar(curve: Curve, random: (n: number) => Uint8Array): bigint {
  const bits = orderBits(curve);
  const len = Math.ceil(bits / 8);
  const topMask = 0xff >> (8 * len - bits);
  for (let i = 0; i < 64; i++) {
    const b = Uint8Array.from(random(len));
    if (b.length !== len) throw new CurveError(`random source returned ${b.length} bytes, ${len} asked`);
    b[0]! &= topMask;
    const k = bytesToBigint(b);
    if (k > 0n && k < curve.n) return k;
  }
  throw new CurveError('random source failed: 64 draws in a row out of [1, n−1]');
}

function scalarBytes(curve: Curve, k: bigint): Uint8Array {
  if (k <= 0n || k >= curve.n) throw new CurveError('scalar out of range');
  return bigintToBytes(k, Math.ceil(curve.n.toString(16).length / 2));
}

/**
 * k·G on the standard generator, uncompressed, computed by OpenSSL (node:crypto ECDH): several
 * times faster than generic arithmetic, and every curve of the table is known to OpenSSL.
 */
export function multiplyBase(curve: Curve, k: bigint): Uint8Array {
  const e = createECDH(curve.name);
  e.setPrivateKey(scalarBytes(curve, k));
  return new Uint8Array(e.getPublicKey());
}

/**
 * An ECDH key of scalar k: its public point k·G and x(k·Q) for peer points Q, from one node ECDH
 * object. Setting node's private key computes k·G, so a protocol that sends k·G then agrees
 * (Chip Authentication's terminal side) does one scalar multiplication less than multiplyBase
 * followed by ecdhX, each of which computes k·G again.
 */
export function ecdhKey(curve: Curve, k: bigint): { publicKey: Uint8Array; sharedX(peer: Uint8Array): Uint8Array } {
  const e = createECDH(curve.name);
  e.setPrivateKey(scalarBytes(curve, k));
  return {
    publicKey: new Uint8Array(e.getPublicKey()),
    sharedX: (peer) => {
      try {
        return new Uint8Array(e.computeSecret(peer));
      } catch (err) {
        throw new CurveError(`not a point of ${curve.name}`, { cause: err });
      }
    },
  };
}

/** x(k·Q) for a peer point Q (OpenSSL checks Q is on the curve): the ECDH shared secret of 9303-11 §9.6. */
export function ecdhX(curve: Curve, k: bigint, peer: Uint8Array): Uint8Array {
  const e = createECDH(curve.name);
  e.setPrivateKey(scalarBytes(curve, k));
  try {
    return new Uint8Array(e.computeSecret(peer));
  } catch (err) {
    throw new CurveError(`not a point of ${curve.name}`, { cause: err });
  }
}
