// Deployment secrets. Never in the repository (DESIGN.md §5): taken from the environment, or
// generated at first start into <dataDir>/keys/ with mode 0600 and reused afterwards.
//
// The ID-number allocation key is PERMANENT for a deployment: numbers are a keyed permutation
// of per-prefix counters (docs/id-numbers.md), so a new key would map future counters onto
// numbers already issued under the old one. Back it up with the database; give every node of
// a scaled-out deployment the same key (CANCUOC_ID_NUMBER_KEY, 64 hex digits).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function loadOrCreateKey(dataDir: string, name: string, envVar: string, bytes = 32): Buffer {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(fromEnv)) throw new Error(`${envVar} must be ${bytes * 2} hex digits`);
    return Buffer.from(fromEnv, 'hex');
  }
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, `${name}.key`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(bytes).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(hex)) throw new Error(`${file} is damaged: expected ${bytes * 2} hex digits`);
  return Buffer.from(hex, 'hex');
}

export const idNumberKey = (dataDir: string) => loadOrCreateKey(dataDir, 'id-number', 'CANCUOC_ID_NUMBER_KEY');
