/**
 * A personalised card on disk: one file per EF with its raw bytes (`EF.COM`, `EF.SOD`,
 * `EF.CardAccess`, `DG1` …) and `chip-keys.json` (PKCS#8 PEM private keys, mode 0600).
 */
import { createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmrtdError } from '../errors.ts';
import { LDS_FILES } from './files.ts';
import type { CardImage } from './from-card.ts';

export const CHIP_KEYS_FILE = 'chip-keys.json';

/** The card directory is missing, incomplete or holds unusable keys. */
export class CardDirectoryError extends EmrtdError {
  override readonly code: string = 'ERR_CARD_DIRECTORY';
}

const pem = (k: import('node:crypto').KeyObject) => k.export({ format: 'pem', type: 'pkcs8' }) as string;

export function writeCardDirectory(dir: string, card: CardImage): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(card.files)) {
    if (!LDS_FILES.some((f) => f.name === name)) throw new CardDirectoryError(`unknown file name ${name}`);
    writeFileSync(join(dir, name), bytes);
  }
  const keys: Record<string, unknown> = {};
  if (card.chipKeys.ca) keys.ca = { privateKey: pem(card.chipKeys.ca) };
  if (card.chipKeys.aa) keys.aa = { privateKey: pem(card.chipKeys.aa) };
  if (card.can) keys.can = card.can;
  if (card.eac) keys.eac = { trustPoints: card.eac.trustPoints.map((t) => Buffer.from(t).toString('base64')), date: card.eac.date.toISOString() };
  const path = join(dir, CHIP_KEYS_FILE);
  writeFileSync(path, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function loadCardDirectory(dir: string): CardImage {
  if (!existsSync(dir)) throw new CardDirectoryError(`card directory ${dir} does not exist`);
  const files: Record<string, Uint8Array> = {};
  for (const f of LDS_FILES) {
    const p = join(dir, f.name);
    if (existsSync(p)) files[f.name] = new Uint8Array(readFileSync(p));
  }
  if (!files.DG1) throw new CardDirectoryError(`${dir} has no DG1`);
  const chipKeys: CardImage['chipKeys'] = {};
  let can: string | undefined;
  let eac: CardImage['eac'];
  const keyPath = join(dir, CHIP_KEYS_FILE);
  if (existsSync(keyPath)) {
    try {
      const json = JSON.parse(readFileSync(keyPath, 'utf8')) as { ca?: { privateKey: string }; aa?: { privateKey: string }; can?: string; eac?: { trustPoints: string[]; date: string } };
      if (json.eac) eac = { trustPoints: json.eac.trustPoints.map((t) => new Uint8Array(Buffer.from(t, 'base64'))), date: new Date(json.eac.date) };
      if (json.ca) chipKeys.ca = createPrivateKey(json.ca.privateKey);
      if (json.aa) chipKeys.aa = createPrivateKey(json.aa.privateKey);
      if (typeof json.can === 'string') can = json.can;
    } catch (e) {
      throw new CardDirectoryError(`${keyPath} is not a valid chip key file`, { cause: e });
    }
  }
  return { files, chipKeys, ...(can ? { can } : {}), ...(eac ? { eac } : {}) };
}
