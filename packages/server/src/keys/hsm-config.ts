// Which PKCS#11 token holds the platform's signing keys (CSCA, Document Signers, master list
// signer, QR and document keys). By default a SoftHSM2 token that the platform creates under
// <dataDir>/hsm with PINs generated into <dataDir>/keys (mode 0600); any other PKCS#11 module
// (a network or PCIe HSM) by environment:
//   CANCUOC_PKCS11_MODULE   path of the vendor's PKCS#11 library (unset: SoftHSM2 under dataDir)
//   CANCUOC_PKCS11_TOKEN    label of the token (default "cancuoc")
//   CANCUOC_PKCS11_SLOT     slot ID instead of the label, for modules whose tokens share a label
//   CANCUOC_PKCS11_PIN      the user PIN (required with CANCUOC_PKCS11_MODULE; never in a file we write)
//   CANCUOC_PKCS11_SESSIONS sessions opened for concurrent signing (default 4)
//   CANCUOC_PKCS11_ASYNC    1: sign on libuv's thread pool, several at once (for a network HSM,
//                           where a signature waits on the wire); unset: sign on the calling
//                           thread, which is faster for SoftHSM (bench:card-primitives)
import { existsSync } from 'node:fs';
import path from 'node:path';
import { KeyStoreError } from './errors.ts';

export interface SoftHsmFiles {
  /** <dataDir>/hsm: softhsm2.conf and tokens/. */
  dir: string;
  confFile: string;
  tokenDir: string;
  /** PINs generated at first start, mode 0600. */
  userPinFile: string;
  soPinFile: string;
}

export interface HsmConfig {
  module: string;
  tokenLabel: string;
  slotId?: bigint;
  /** User PIN; for the built-in SoftHSM token it is read from (or created in) `softhsm.userPinFile`. */
  pin?: string;
  sessions: number;
  /** Sign on the thread pool (concurrent, for HSMs with latency) instead of the calling thread. */
  async?: boolean;
  /** Present when the platform runs its own SoftHSM2 token. */
  softhsm?: SoftHsmFiles;
}

/** Where Debian (and other distributions) install SoftHSM2's PKCS#11 library. */
export const SOFTHSM_LIBRARIES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
];

export function softHsmFiles(dataDir: string): SoftHsmFiles {
  const dir = path.join(dataDir, 'hsm');
  return {
    dir,
    confFile: path.join(dir, 'softhsm2.conf'),
    tokenDir: path.join(dir, 'tokens'),
    userPinFile: path.join(dataDir, 'keys', 'hsm-user.pin'),
    soPinFile: path.join(dataDir, 'keys', 'hsm-so.pin'),
  };
}

export function hsmConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): HsmConfig {
  const sessions = env.CANCUOC_PKCS11_SESSIONS ? Number(env.CANCUOC_PKCS11_SESSIONS) : 4;
  if (!Number.isInteger(sessions) || sessions < 1 || sessions > 64) {
    throw new KeyStoreError('ERR_HSM_CONFIG', `CANCUOC_PKCS11_SESSIONS must be a whole number from 1 to 64, got "${env.CANCUOC_PKCS11_SESSIONS}"`);
  }
  const tokenLabel = env.CANCUOC_PKCS11_TOKEN || 'cancuoc';
  const async = env.CANCUOC_PKCS11_ASYNC === '1' ? { async: true } : {};
  if (tokenLabel.length > 32) throw new KeyStoreError('ERR_HSM_CONFIG', 'CANCUOC_PKCS11_TOKEN is longer than the 32 characters of a PKCS#11 token label');
  let slotId: bigint | undefined;
  if (env.CANCUOC_PKCS11_SLOT) {
    if (!/^\d{1,20}$/.test(env.CANCUOC_PKCS11_SLOT)) throw new KeyStoreError('ERR_HSM_CONFIG', `CANCUOC_PKCS11_SLOT must be a slot ID (digits), got "${env.CANCUOC_PKCS11_SLOT}"`);
    slotId = BigInt(env.CANCUOC_PKCS11_SLOT);
  }
  const external = env.CANCUOC_PKCS11_MODULE;
  if (external) {
    if (!existsSync(external)) throw new KeyStoreError('ERR_HSM_CONFIG', `CANCUOC_PKCS11_MODULE ${external} does not exist`);
    if (!env.CANCUOC_PKCS11_PIN) throw new KeyStoreError('ERR_HSM_CONFIG', 'CANCUOC_PKCS11_PIN must be set with CANCUOC_PKCS11_MODULE (the platform keeps no PIN of an external HSM)');
    return { module: external, tokenLabel, ...(slotId !== undefined ? { slotId } : {}), pin: env.CANCUOC_PKCS11_PIN, sessions, ...async };
  }
  const module = SOFTHSM_LIBRARIES.find((p) => existsSync(p));
  if (!module) {
    throw new KeyStoreError('ERR_HSM_CONFIG', `SoftHSM2 is not installed (looked for ${SOFTHSM_LIBRARIES.join(', ')}): apt-get install softhsm2, or set CANCUOC_PKCS11_MODULE to your HSM's PKCS#11 library`);
  }
  return {
    module, tokenLabel, sessions, ...async,
    ...(slotId !== undefined ? { slotId } : {}),
    ...(env.CANCUOC_PKCS11_PIN ? { pin: env.CANCUOC_PKCS11_PIN } : {}),
    softhsm: softHsmFiles(dataDir),
  };
}
