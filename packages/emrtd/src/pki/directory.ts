// A PKI directory as written by `cancuoc pki init`: csca.pem, csca.key.pem, ds.pem, ds.key.pem
// (certificates PEM "CERTIFICATE", private keys PKCS#8 PEM, keys mode 0600).
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCscaCertificate, createDocumentSignerCertificate } from './certificate.ts';
import { PkiBuildError, PkiDecodeError } from './errors.ts';
import { generateKeyPair, type KeySpec } from './keys.ts';
import type { NameSpec } from './names.ts';
import { fromPem, toPem } from './pem.ts';

export const PKI_FILES = { csca: 'csca.pem', cscaKey: 'csca.key.pem', ds: 'ds.pem', dsKey: 'ds.key.pem' } as const;

export interface PkiDirectory {
  cscaCert: Uint8Array;
  cscaKey: KeyObject;
  dsCert: Uint8Array;
  dsKey: KeyObject;
}

export interface InitPkiOptions {
  dir: string;
  /** Key type for both CSCA and DS; brainpoolP256r1 by default. */
  key?: KeySpec;
  force?: boolean;
  country?: string;
  organization?: string;
}

/** Creates a CSCA and a Document Signer and writes them to `dir`. Refuses to overwrite keys unless `force`. */
export function initPkiDirectory(o: InitPkiOptions): PkiDirectory {
  const existing = [PKI_FILES.cscaKey, PKI_FILES.dsKey].filter((f) => existsSync(join(o.dir, f)));
  if (existing.length && !o.force) throw new PkiBuildError(`${existing.map((f) => join(o.dir, f)).join(', ')} already exist; use --force to replace them`);
  const spec = o.key ?? { type: 'ec', curve: 'brainpoolP256r1' };
  const base: Omit<NameSpec, 'commonName'> = { country: o.country ?? 'VN', organization: o.organization ?? 'cancuoc' };
  const csca = generateKeyPair(spec);
  const ds = generateKeyPair(spec);
  const cscaCert = createCscaCertificate({ subject: { ...base, commonName: 'cancuoc CSCA' }, publicKey: csca.publicKey, privateKey: csca.privateKey });
  const dsCert = createDocumentSignerCertificate({ subject: { ...base, commonName: 'cancuoc Document Signer' }, publicKey: ds.publicKey, issuerCertificate: cscaCert, issuerKey: csca.privateKey });
  mkdirSync(o.dir, { recursive: true });
  const key = (k: KeyObject) => k.export({ format: 'pem', type: 'pkcs8' }) as string;
  writeFileSync(join(o.dir, PKI_FILES.cscaKey), key(csca.privateKey), { mode: 0o600 });
  writeFileSync(join(o.dir, PKI_FILES.dsKey), key(ds.privateKey), { mode: 0o600 });
  writeFileSync(join(o.dir, PKI_FILES.csca), toPem(cscaCert, 'CERTIFICATE'));
  writeFileSync(join(o.dir, PKI_FILES.ds), toPem(dsCert, 'CERTIFICATE'));
  return { cscaCert, cscaKey: csca.privateKey, dsCert, dsKey: ds.privateKey };
}

/** Reads a directory written by initPkiDirectory. */
export function readPkiDirectory(dir: string): PkiDirectory {
  const read = (f: string) => {
    try {
      return readFileSync(join(dir, f), 'utf8');
    } catch (err) {
      throw new PkiDecodeError(`cannot read ${join(dir, f)}: ${(err as Error).message}`, { cause: err });
    }
  };
  const cert = (f: string) => {
    const c = fromPem(read(f), 'CERTIFICATE')[0];
    if (!c) throw new PkiDecodeError(`${join(dir, f)} holds no CERTIFICATE`);
    return c;
  };
  const priv = (f: string) => {
    try {
      return createPrivateKey(read(f));
    } catch (err) {
      if (err instanceof PkiDecodeError) throw err;
      throw new PkiDecodeError(`${join(dir, f)}: ${(err as Error).message}`, { cause: err });
    }
  };
  return { cscaCert: cert(PKI_FILES.csca), cscaKey: priv(PKI_FILES.cscaKey), dsCert: cert(PKI_FILES.ds), dsKey: priv(PKI_FILES.dsKey) };
}
