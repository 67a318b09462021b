/** PACE protocol identifiers, 9303-11 §9.2.3 (id-PACE = 0.4.0.127.0.7.2.2.4). */
import type { CipherAlgorithm } from '../crypto/kdf.ts';

export const ID_PACE = '0.4.0.127.0.7.2.2.4';

export type PaceMapping = 'GM' | 'IM' | 'CAM';
export type PaceKeyAgreement = 'DH' | 'ECDH';

export interface PaceProtocol {
  oid: string;
  agreement: PaceKeyAgreement;
  mapping: PaceMapping;
  cipher: CipherAlgorithm;
}

const MAPPINGS: Array<[number, PaceKeyAgreement, PaceMapping]> = [
  [1, 'DH', 'GM'],
  [2, 'ECDH', 'GM'],
  [3, 'DH', 'IM'],
  [4, 'ECDH', 'IM'],
  [6, 'ECDH', 'CAM'],
];
const CIPHERS: CipherAlgorithm[] = ['3DES', 'AES-128', 'AES-192', 'AES-256'];

/** Parses a PACE protocol OID (e.g. 0.4.0.127.0.7.2.2.4.2.2 = id-PACE-ECDH-GM-AES-CBC-CMAC-128); undefined if not PACE. */
export function paceProtocol(oid: string): PaceProtocol | undefined {
  if (!oid.startsWith(`${ID_PACE}.`)) return undefined;
  const [m, c, ...rest] = oid.slice(ID_PACE.length + 1).split('.').map(Number);
  if (rest.length > 0 || m === undefined || c === undefined) return undefined;
  const mapping = MAPPINGS.find(([id]) => id === m);
  const cipher = CIPHERS[c - 1];
  if (!mapping || !cipher || (mapping[2] === 'CAM' && cipher === '3DES')) return undefined;
  return { oid, agreement: mapping[1], mapping: mapping[2], cipher };
}

export function paceOid(agreement: PaceKeyAgreement, mapping: PaceMapping, cipher: CipherAlgorithm): string {
  const m = MAPPINGS.find(([, a, mm]) => a === agreement && mm === mapping);
  if (!m) throw new RangeError(`no PACE OID for ${agreement}-${mapping}`);
  return `${ID_PACE}.${m[0]}.${CIPHERS.indexOf(cipher) + 1}`;
}
