// Builds the console into packages/web/dist:
//   1. the API's OpenAPI document → TypeScript types (openapi-typescript) and form rules,
//   2. the schematic map data (build/map-data.ts),
//   3. a type check of the console against those types (a changed API fails here, not in a browser),
//   4. Vite's production build,
//   5. the gzipped size of the JavaScript the sign-in page and the search load (target ≤ 300 KB).
//   npm run build -w @cancuoc/web
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { generateSources } from './generate.ts';
import { DIST, inputDigest, STAMP, WEB } from './inputs.ts';
import { readOpenApi } from './openapi.ts';

const say = (m: string) => process.stdout.write(`web: ${m}\n`);

export async function buildConsole(openApiText = readOpenApi()): Promise<void> {
  const started = performance.now();
  await generateSources(JSON.parse(openApiText) as Record<string, unknown>);

  const tsc = spawnSync(process.execPath, [path.resolve(WEB, '../../node_modules/typescript/bin/tsc'), '-p', path.join(WEB, 'tsconfig.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('web: the console does not type-check against the API (see above)');

  await build({ root: WEB, configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  const kb = signInAndSearchKb();
  say(`JavaScript of the sign-in page and the search: ${kb.toFixed(1)} KB gzipped (target ≤ 300 KB)`);
  writeFileSync(STAMP, JSON.stringify({ digest: inputDigest(openApiText), builtAt: new Date().toISOString(), signInAndSearchKbGzip: Math.round(kb * 10) / 10 }, null, 2) + '\n');
  say(`built ${path.relative(process.cwd(), DIST) || DIST} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

interface ManifestChunk { file: string; imports?: string[]; isEntry?: boolean }

/**
 * The entry chunk and every chunk it imports statically: what the browser loads before the
 * sign-in page or the search can show (both are in the entry; the other pages load on demand).
 */
export function signInAndSearchKb(): number {
  const manifest = JSON.parse(readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) visit(i);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  let bytes = 0;
  for (const key of seen) bytes += gzipSync(readFileSync(path.join(DIST, manifest[key]!.file))).length;
  return bytes / 1024;
}

if (import.meta.filename === process.argv[1]) await buildConsole();
