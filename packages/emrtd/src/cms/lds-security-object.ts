// LDSSecurityObject, 9303-10 §4.6.2.2 (eContent of EF.SOD, eContentType 2.23.136.1.1.1):
//   LDSSecurityObject ::= SEQUENCE {
//     version LDSSecurityObjectVersion,            -- v0, or v1 with ldsVersionInfo (LDS 1.8)
//     hashAlgorithm DigestAlgorithmIdentifier,
//     dataGroupHashValues SEQUENCE SIZE (2..ub-DataGroups) OF DataGroupHash,
//     ldsVersionInfo LDSVersionInfo OPTIONAL }
//   DataGroupHash ::= SEQUENCE { dataGroupNumber DataGroupNumber, dataGroupHashValue OCTET STRING }
//   LDSVersionInfo ::= SEQUENCE { ldsVersion PrintableString, unicodeVersion PrintableString }
import * as asn1js from 'asn1js';
import { toDer, type Fail } from './asn1.ts';
import { T, derInt, derItems, derOctets, derOid, derRoot } from './der.ts';
import { CmsBuildError, CmsDecodeError } from './errors.ts';
import { HASH_LENGTH, HASH_OIDS, hashOfOid, type HashName } from './oids.ts';

export interface LdsSecurityObject {
  version: number;
  hashAlgorithm: HashName;
  /** Data group number → hash of the whole DG file (tag and length included). */
  dataGroupHashes: Map<number, Uint8Array>;
  ldsVersionInfo: { ldsVersion: string; unicodeVersion: string } | undefined;
}

/** Decoded with the TLV reader (hot path of passive authentication, see der.ts). */
export function decodeLdsSecurityObject(bytes: Uint8Array): LdsSecurityObject {
  const fail: Fail = (m) => new CmsDecodeError(`LDSSecurityObject: ${m}`);
  const [v, alg, hashes, info] = derItems(derRoot(bytes, fail), T.SEQUENCE, fail, 'LDSSecurityObject');
  if (!v || !alg || !hashes) throw fail('missing fields');
  const version = derInt(v, fail, 'version');
  if (version > 1) throw fail(`version ${version}`);
  const hashAlgorithm = hashOfOid(derOid(derItems(alg, T.SEQUENCE, fail, 'hashAlgorithm')[0], fail, 'hashAlgorithm'));
  const dataGroupHashes = new Map<number, Uint8Array>();
  for (const h of derItems(hashes, T.SEQUENCE, fail, 'dataGroupHashValues')) {
    const [n, value] = derItems(h, T.SEQUENCE, fail, 'DataGroupHash');
    const dg = derInt(n, fail, 'dataGroupNumber');
    if (dg < 1 || dg > 16) throw fail(`data group number ${dg}`);
    if (dataGroupHashes.has(dg)) throw fail(`data group ${dg} listed twice`);
    const hv = derOctets(value, fail, 'dataGroupHashValue');
    if (hv.length !== HASH_LENGTH[hashAlgorithm]) throw fail(`hash of DG${dg} has ${hv.length} bytes, ${hashAlgorithm} has ${HASH_LENGTH[hashAlgorithm]}`);
    dataGroupHashes.set(dg, hv);
  }
  let ldsVersionInfo: LdsSecurityObject['ldsVersionInfo'];
  if (info) {
    const [l, u] = derItems(info, T.SEQUENCE, fail, 'LDSVersionInfo');
    const text = (t: typeof l, what: string) => {
      if (!t || (t.tag !== 0x13 && t.tag !== 0x0c)) throw fail(`${what} is not a PrintableString`);
      return Buffer.from(t.value).toString('latin1');
    };
    ldsVersionInfo = { ldsVersion: text(l, 'ldsVersion'), unicodeVersion: text(u, 'unicodeVersion') };
  }
  return { version, hashAlgorithm, dataGroupHashes, ldsVersionInfo };
}

export function encodeLdsSecurityObject(input: {
  hashAlgorithm: HashName;
  dataGroupHashes: Map<number, Uint8Array>;
  ldsVersionInfo?: { ldsVersion: string; unicodeVersion: string };
}): Uint8Array {
  if (input.dataGroupHashes.size < 1) throw new CmsBuildError('LDSSecurityObject needs at least one data group hash');
  const entries = [...input.dataGroupHashes.entries()].sort((a, b) => a[0] - b[0]);
  const value: asn1js.AsnType[] = [
    new asn1js.Integer({ value: input.ldsVersionInfo ? 1 : 0 }),
    // SHA-2 AlgorithmIdentifier with parameters absent (RFC 5754 §2).
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: HASH_OIDS[input.hashAlgorithm] })] }),
    new asn1js.Sequence({
      value: entries.map(([n, h]) => new asn1js.Sequence({ value: [new asn1js.Integer({ value: n }), new asn1js.OctetString({ valueHex: h })] })),
    }),
  ];
  if (input.ldsVersionInfo) {
    value.push(
      new asn1js.Sequence({
        value: [new asn1js.PrintableString({ value: input.ldsVersionInfo.ldsVersion }), new asn1js.PrintableString({ value: input.ldsVersionInfo.unicodeVersion })],
      }),
    );
  }
  return toDer(new asn1js.Sequence({ value }));
}
