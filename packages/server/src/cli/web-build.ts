// `cancuoc start` serves the web console from packages/web/dist. `npm ci` builds it (the root
// package's `prepare` script); this rebuilds it when it is missing or older than its sources
// (someone pulled or edited the console or the API since), so that what is served always matches
// the API it talks to. The build is the web package's own script, run as a child process: the
// server does not import the console's tooling.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webConsoleBuilt } from '../http/web-console.ts';

const ENSURE = fileURLToPath(new URL('../../../web/build/ensure.ts', import.meta.url));

export const WEB_NOT_BUILT = 'npm run build -w @cancuoc/web';

/**
 * True when a current build of the console is there to serve (built now if it had to be).
 * `openApi` is this server's document: the console's types come from it, so a changed API makes
 * the build stale as much as changed console sources do.
 */
export function ensureWebConsole(openApi: unknown, say: (m: string) => void): boolean {
  if (!existsSync(ENSURE)) return webConsoleBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(openApi));
    // tsx by its resolved URL: `start` may run from any working directory.
    const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), ENSURE, '--openapi', file], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) say(`cancuoc: the web console could not be built (exit ${r.status}); serving the API only`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return webConsoleBuilt();
}
