// An EAC PKI directory as `cancuoc pki eac-init` writes it: a CVCA, a domestic Document Verifier
// and an inspection system with the fingerprint right (TR-03110-3 appendix C chain), each as
// `<name>.cvcert` (the CV certificate) and `<name>.key.pem` (PKCS#8, mode 0600); and issuing one
// more certificate from any of them (`cancuoc pki cvc`).
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curveOfKey } from '../crypto/ec-keys.ts';
import { createCvc, decodeCvc, IS_RIGHTS, type CvcRole } from './cvc.ts';
import { CvcError } from './errors.ts';

export const EAC_FILES = ['cvca.cvcert', 'cvca.key.pem', 'dv.cvcert', 'dv.key.pem', 'is.cvcert', 'is.key.pem'] as const;

const pem = (k: KeyObject) => k.export({ format: 'pem', type: 'pkcs8' }) as string;
const years = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear() + n, d.getUTCMonth(), d.getUTCDate()));

export interface InitEacOptions {
  dir: string;
  country?: string;
  curve?: string;
  /** Validity start (default today). */
  from?: Date;
  force?: boolean;
}

/** CVCA (3 years) → DV (1 year) → IS with the fingerprint and iris rights (3 months). */
export function initEacDirectory(o: InitEacOptions): { cvca: Uint8Array; dv: Uint8Array; is: Uint8Array; isKey: KeyObject } {
  const keys = ['cvca.key.pem', 'dv.key.pem', 'is.key.pem'].filter((f) => existsSync(join(o.dir, f)));
  if (keys.length && !o.force) throw new CvcError(`${keys.map((f) => join(o.dir, f)).join(', ')} already exist; use --force to replace them`);
  const c = o.country ?? 'VN';
  if (!/^[A-Z]{2}$/.test(c)) throw new CvcError('the country is two capital letters (ISO 3166-1)');
  const gen = () => generateKeyPairSync('ec', { namedCurve: o.curve ?? 'brainpoolP256r1' });
  const from = o.from ?? new Date();
  const [k1, k2, k3] = [gen(), gen(), gen()];
  const both = IS_RIGHTS.dg3 | IS_RIGHTS.dg4;
  const cvca = createCvc({ car: `${c}CVCA00001`, chr: `${c}CVCA00001`, publicKey: k1.publicKey, role: 'cvca', rights: both, effective: from, expiration: years(from, 3), signerKey: k1.privateKey });
  const dv = createCvc({ car: `${c}CVCA00001`, chr: `${c}DV00000001`, publicKey: k2.publicKey, role: 'dv-domestic', rights: both, effective: from, expiration: years(from, 1), signerKey: k1.privateKey });
  const isEnd = new Date(from.getTime() + 90 * 864e5);
  const is = createCvc({ car: `${c}DV00000001`, chr: `${c}IS00000001`, publicKey: k3.publicKey, role: 'is', rights: both, effective: from, expiration: isEnd, signerKey: k2.privateKey });
  mkdirSync(o.dir, { recursive: true });
  writeFileSync(join(o.dir, 'cvca.cvcert'), cvca);
  writeFileSync(join(o.dir, 'dv.cvcert'), dv);
  writeFileSync(join(o.dir, 'is.cvcert'), is);
  writeFileSync(join(o.dir, 'cvca.key.pem'), pem(k1.privateKey), { mode: 0o600 });
  writeFileSync(join(o.dir, 'dv.key.pem'), pem(k2.privateKey), { mode: 0o600 });
  writeFileSync(join(o.dir, 'is.key.pem'), pem(k3.privateKey), { mode: 0o600 });
  return { cvca, dv, is, isKey: k3.privateKey };
}

export interface IssueCvcOptions {
  issuerCertificate: Uint8Array;
  issuerKey: KeyObject;
  role: Exclude<CvcRole, 'cvca'>;
  chr: string;
  rights: number;
  from: Date;
  to: Date;
  /** Where to write `<out>.cvcert` and `<out>.key.pem`. */
  out: string;
}

/** A DV or IS certificate with a new key, issued by the CVCA or DV given. */
export function issueCvc(o: IssueCvcOptions): Uint8Array {
  const issuer = decodeCvc(o.issuerCertificate);
  const want: Record<IssueCvcOptions['role'], CvcRole[]> = { 'dv-domestic': ['cvca'], 'dv-foreign': ['cvca'], is: ['dv-domestic', 'dv-foreign'] };
  if (!want[o.role].includes(issuer.role)) throw new CvcError(`a ${issuer.role} certificate cannot issue a ${o.role} one (TR-03110-3 §2.2)`);
  // Every key of a chain is on the CVCA's curve (TR-03110-3 C.3.3): the issuer's key tells which.
  const k = generateKeyPairSync('ec', { namedCurve: curveOfKey(o.issuerKey).name });
  const cert = createCvc({ car: issuer.chr, chr: o.chr, publicKey: k.publicKey, role: o.role, rights: o.rights, effective: o.from, expiration: o.to, signerKey: o.issuerKey, issuerHash: issuer.hash });
  writeFileSync(`${o.out}.cvcert`, cert);
  writeFileSync(`${o.out}.key.pem`, pem(k.privateKey), { mode: 0o600 });
  return cert;
}

/** A PEM / DER private key file. */
export function readPrivateKey(path: string): KeyObject {
  const b = readFileSync(path);
  return b.includes('-----BEGIN') ? createPrivateKey(b) : createPrivateKey({ key: b, format: 'der', type: 'pkcs8' });
}
