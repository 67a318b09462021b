// One build at a time per checkout: `cancuoc start` and a test run may both find the build stale.
// An exclusive-create lock file beside dist/; a lock older than the longest build is left over
// from a killed process and is taken over.
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WEB } from './inputs.ts';

const LOCK = path.join(WEB, '.build.lock');
const STALE_MS = 10 * 60_000;

export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { force: true });
      } catch { /* released meanwhile */ }
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}
