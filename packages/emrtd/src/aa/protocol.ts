/** Active Authentication signature algorithms (9303-11 §6.1, §9.2.8 ActiveAuthenticationInfo; BSI TR-03111 ecdsa-plain-*). */
export const ECDSA_PLAIN_SIGNATURES: Readonly<Record<string, string>> = {
  '0.4.0.127.0.7.1.1.4.1.1': 'sha1',
  '0.4.0.127.0.7.1.1.4.1.2': 'sha224',
  '0.4.0.127.0.7.1.1.4.1.3': 'sha256',
  '0.4.0.127.0.7.1.1.4.1.4': 'sha384',
  '0.4.0.127.0.7.1.1.4.1.5': 'sha512',
  '0.4.0.127.0.7.1.1.4.1.6': 'ripemd160',
};

export const ID_AA = '2.23.136.1.1.5';

export function hashOfAaAlgorithm(oid: string | undefined): string | undefined {
  return oid ? ECDSA_PLAIN_SIGNATURES[oid] : undefined;
}

export function aaAlgorithmOfHash(hash: string): string {
  const e = Object.entries(ECDSA_PLAIN_SIGNATURES).find(([, h]) => h === hash);
  if (!e) throw new RangeError(`no ecdsa-plain OID for ${hash}`);
  return e[0];
}
