// The platform's own SoftHSM2 token: its configuration file, token directory and PINs. SoftHSM
// reads SOFTHSM2_CONF when the library is initialised (C_Initialize), so the file must exist
// and the variable must be set before the module is loaded (token.ts does both).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KeyStoreError } from './errors.ts';
import type { SoftHsmFiles } from './hsm-config.ts';

/** Writes softhsm2.conf and the token directory if missing; returns the PINs (created at first use). */
export function prepareSoftHsm(files: SoftHsmFiles): { userPin: string; soPin: string } {
  mkdirSync(files.tokenDir, { recursive: true, mode: 0o700 });
  if (!existsSync(files.confFile)) {
    const conf = [
      '# Written by cancuoc at first start: the token that holds the platform\'s signing keys.',
      `directories.tokendir = ${path.resolve(files.tokenDir)}`,
      'objectstore.backend = file',
      'log.level = ERROR',
      'slots.removable = false',
      '',
    ].join('\n');
    writeFileSync(files.confFile, conf, { mode: 0o600, flag: 'wx' });
  }
  return { userPin: readOrCreatePin(files.userPinFile), soPin: readOrCreatePin(files.soPinFile) };
}

/** A PIN file holds one line of 32 URL-safe characters; made once, mode 0600, never overwritten. */
function readOrCreatePin(file: string): string {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process of the same start wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const pin = readFileSync(file, 'utf8').trim();
  if (!/^[A-Za-z0-9_-]{4,255}$/.test(pin)) throw new KeyStoreError('ERR_HSM_CONFIG', `${file} is damaged: expected one line with the PIN`);
  return pin;
}
