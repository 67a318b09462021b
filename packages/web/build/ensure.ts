// Builds the console when dist/ is missing or stale (build/inputs.ts), else does nothing.
// Run by `cancuoc start` and by the console's end-to-end tests; `npm ci` builds it outright.
//   node --import tsx packages/web/build/ensure.ts [--openapi FILE]
import { parseArgs } from 'node:util';
import { buildConsole } from './build.ts';
import { builtDigest, inputDigest } from './inputs.ts';
import { withBuildLock } from './lock.ts';
import { readOpenApi } from './openapi.ts';

export async function ensureBuilt(openApiFile?: string): Promise<void> {
  const openApi = readOpenApi(openApiFile);
  if (builtDigest() === inputDigest(openApi)) return;
  await withBuildLock(async () => {
    // Another process may have built it while this one waited for the lock.
    if (builtDigest() === inputDigest(openApi)) return;
    process.stdout.write('web: the console is missing or older than its sources; building it\n');
    await buildConsole(openApi);
  });
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { openapi: { type: 'string' } } });
  await ensureBuilt(values.openapi);
}
