// SecurityInfos, 9303-11 §9.2: the content of EF.CardAccess (bare DER) and of DG14 (tag 6E).
//   SecurityInfos ::= SET OF SecurityInfo
//   SecurityInfo ::= SEQUENCE { protocol OBJECT IDENTIFIER, requiredData ANY, optionalData ANY OPTIONAL }
// Known kinds: PACEInfo (§9.2.1), PACEDomainParameterInfo (§9.2.2), ChipAuthenticationInfo
// (§9.2.5), ChipAuthenticationPublicKeyInfo (§9.2.6), ActiveAuthenticationInfo (§9.2.3),
// TerminalAuthenticationInfo (§9.2.4). Anything else is kept as raw DER.
import * as asn1js from 'asn1js';
import { der, derSetOf, int, items, oid, parseDer, toDer, type Fail } from '../cms/asn1.ts';
import { derForm, encodeTlv } from '../tlv/index.ts';
import { LdsDecodeError, LdsEncodeError } from './errors.ts';
import { outer } from './decode-outer.ts';

const BSI = '0.4.0.127.0.7.2.2';
export const OID = {
  PK_DH: `${BSI}.1.1`,
  PK_ECDH: `${BSI}.1.2`,
  TA: `${BSI}.2`,
  CA_DH: `${BSI}.3.1`,
  CA_ECDH: `${BSI}.3.2`,
  CA_DH_3DES_CBC_CBC: `${BSI}.3.1.1`,
  CA_ECDH_3DES_CBC_CBC: `${BSI}.3.2.1`,
  CA_ECDH_AES_CBC_CMAC_128: `${BSI}.3.2.2`,
  CA_ECDH_AES_CBC_CMAC_192: `${BSI}.3.2.3`,
  CA_ECDH_AES_CBC_CMAC_256: `${BSI}.3.2.4`,
  PACE: `${BSI}.4`,
  PACE_DH_GM: `${BSI}.4.1`,
  PACE_ECDH_GM: `${BSI}.4.2`,
  PACE_DH_IM: `${BSI}.4.3`,
  PACE_ECDH_IM: `${BSI}.4.4`,
  PACE_ECDH_CAM: `${BSI}.4.6`,
  PACE_ECDH_GM_3DES_CBC_CBC: `${BSI}.4.2.1`,
  PACE_ECDH_GM_AES_CBC_CMAC_128: `${BSI}.4.2.2`,
  PACE_ECDH_GM_AES_CBC_CMAC_192: `${BSI}.4.2.3`,
  PACE_ECDH_GM_AES_CBC_CMAC_256: `${BSI}.4.2.4`,
  AA: '2.23.136.1.1.5',
} as const;

export type SecurityInfo =
  | { kind: 'PACEInfo'; protocol: string; version: number; parameterId?: number }
  | { kind: 'PACEDomainParameterInfo'; protocol: string; raw: Uint8Array }
  | { kind: 'ChipAuthenticationInfo'; protocol: string; version: number; keyId?: number }
  | { kind: 'ChipAuthenticationPublicKeyInfo'; protocol: string; subjectPublicKeyInfo: Uint8Array; keyId?: number }
  | { kind: 'ActiveAuthenticationInfo'; protocol: string; version: number; signatureAlgorithm: string }
  | { kind: 'TerminalAuthenticationInfo'; protocol: string; version: number; raw: Uint8Array }
  | { kind: 'unknown'; protocol: string; raw: Uint8Array };

const under = (o: string, arc: string) => o.startsWith(arc + '.');

function decodeInfo(node: asn1js.AsnType, fail: Fail): SecurityInfo {
  const [p, req, opt, ...rest] = items(node, fail, 'SecurityInfo');
  if (!p || !req || rest.length) throw fail('SecurityInfo must have 2 or 3 elements');
  const protocol = oid(p, fail, 'SecurityInfo.protocol');
  const raw = der(node);
  // Paths with the exact identifiers first: id-PACE-DH/ECDH (domain parameters) vs id-PACE-x-y.
  if ([1, 2, 3, 4, 6].some((k) => protocol === `${OID.PACE}.${k}`)) return { kind: 'PACEDomainParameterInfo', protocol, raw };
  if (under(protocol, OID.PACE)) {
    const info: SecurityInfo = { kind: 'PACEInfo', protocol, version: int(req, fail, 'PACEInfo.version') };
    if (opt) info.parameterId = int(opt, fail, 'PACEInfo.parameterId');
    return info;
  }
  if (under(protocol, OID.CA_DH) || under(protocol, OID.CA_ECDH)) {
    const info: SecurityInfo = { kind: 'ChipAuthenticationInfo', protocol, version: int(req, fail, 'ChipAuthenticationInfo.version') };
    if (opt) info.keyId = int(opt, fail, 'ChipAuthenticationInfo.keyId');
    return info;
  }
  if (protocol === OID.PK_DH || protocol === OID.PK_ECDH) {
    items(req, fail, 'chipAuthenticationPublicKey');
    // The key as DER whatever the file's encoding: it goes to OpenSSL and is compared as bytes.
    const info: SecurityInfo = { kind: 'ChipAuthenticationPublicKeyInfo', protocol, subjectPublicKeyInfo: derForm(der(req)) };
    if (opt) info.keyId = int(opt, fail, 'ChipAuthenticationPublicKeyInfo.keyId');
    return info;
  }
  if (protocol === OID.AA) {
    if (!opt) throw fail('ActiveAuthenticationInfo.signatureAlgorithm missing');
    return { kind: 'ActiveAuthenticationInfo', protocol, version: int(req, fail, 'ActiveAuthenticationInfo.version'), signatureAlgorithm: oid(opt, fail, 'signatureAlgorithm') };
  }
  if (protocol === OID.TA) return { kind: 'TerminalAuthenticationInfo', protocol, version: int(req, fail, 'TerminalAuthenticationInfo.version'), raw };
  return { kind: 'unknown', protocol, raw };
}

/** Decodes the DER SecurityInfos SET (content of EF.CardAccess / EF.CardSecurity's eContent). */
export function decodeSecurityInfos(bytes: Uint8Array, file = 'CardAccess'): SecurityInfo[] {
  const fail: Fail = (m) => new LdsDecodeError(file, m);
  const set = parseDer(bytes, fail, true);
  return items(set, fail, 'SecurityInfos', true).map((n) => decodeInfo(n, fail));
}

function encodeInfo(info: SecurityInfo): Uint8Array {
  const fail = (m: string) => new LdsEncodeError('SecurityInfos', m);
  const o = new asn1js.ObjectIdentifier({ value: info.protocol });
  const i = (n: number) => new asn1js.Integer({ value: n });
  switch (info.kind) {
    case 'PACEInfo':
      return toDer(new asn1js.Sequence({ value: [o, i(info.version), ...(info.parameterId !== undefined ? [i(info.parameterId)] : [])] }));
    case 'ChipAuthenticationInfo':
      return toDer(new asn1js.Sequence({ value: [o, i(info.version), ...(info.keyId !== undefined ? [i(info.keyId)] : [])] }));
    case 'ChipAuthenticationPublicKeyInfo': {
      const spki = parseDer(info.subjectPublicKeyInfo, fail);
      return toDer(new asn1js.Sequence({ value: [o, spki, ...(info.keyId !== undefined ? [i(info.keyId)] : [])] }));
    }
    case 'TerminalAuthenticationInfo':
      // TerminalAuthenticationInfo ::= SEQUENCE { protocol id-TA, version INTEGER, efCVCA FileID OPTIONAL } (9303-11 §9.2.4)
      return info.raw.length > 0 ? info.raw : toDer(new asn1js.Sequence({ value: [o, i(info.version)] }));
    case 'ActiveAuthenticationInfo':
      return toDer(new asn1js.Sequence({ value: [o, i(info.version), new asn1js.ObjectIdentifier({ value: info.signatureAlgorithm })] }));
    default:
      return info.raw;
  }
}

/** DER SecurityInfos (a SET OF, sorted per DER). */
export function encodeSecurityInfos(infos: readonly SecurityInfo[]): Uint8Array {
  const parts = derSetOf(infos.map(encodeInfo));
  return encodeTlv(0x31, parts);
}

/** EF.CardAccess: the SecurityInfos for PACE, stored bare (9303-10 §3.11.3). */
export const decodeCardAccess = (bytes: Uint8Array) => decodeSecurityInfos(bytes, 'CardAccess');
export const encodeCardAccess = encodeSecurityInfos;

/** DG14, 9303-10 §4.7.14: `6E { SecurityInfos }`. */
export function decodeDg14(bytes: Uint8Array): SecurityInfo[] {
  const t = outer('DG14', bytes, 0x6e);
  return decodeSecurityInfos(t.value, 'DG14');
}

export function encodeDg14(infos: readonly SecurityInfo[]): Uint8Array {
  return encodeTlv(0x6e, encodeSecurityInfos(infos));
}
