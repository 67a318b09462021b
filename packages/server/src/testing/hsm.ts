// Test support: a SoftHSM2 token in a throw-away directory. SoftHSM reads its configuration
// once per process, so every test in a file (one process under node --test) shares this one.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hsmConfig, type HsmConfig } from '../keys/hsm-config.ts';

let shared: { dir: string; config: HsmConfig } | undefined;

/** The process's test token configuration (created on first call, removed at exit). */
export function testHsmConfig(): HsmConfig {
  if (!shared) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-hsm-'));
    shared = { dir, config: hsmConfig(dir, {}) };
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return shared.config;
}
