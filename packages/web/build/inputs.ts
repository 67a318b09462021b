// What a build of the console is made from, as one digest: its own sources and the API's OpenAPI
// document (its types and form rules are generated from it). dist/build-stamp.json keeps the
// digest of the build that is there; a different digest means the build is stale.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const WEB = path.resolve(import.meta.dirname, '..');
export const DIST = path.join(WEB, 'dist');
export const GENERATED = path.join(WEB, 'src/generated');
export const STAMP = path.join(DIST, 'build-stamp.json');
export const SERVER_BIN = path.resolve(WEB, '../server/bin/cancuoc.js');

const INPUTS = ['src', 'build', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'];

function files(p: string, out: string[] = []): string[] {
  if (!existsSync(p)) return out;
  if (statSync(p).isDirectory()) {
    for (const name of readdirSync(p).sort()) if (path.join(p, name) !== GENERATED) files(path.join(p, name), out);
  } else out.push(p);
  return out;
}

export function inputDigest(openApiText: string): string {
  const h = createHash('sha256');
  for (const f of INPUTS.flatMap((i) => files(path.join(WEB, i)))) {
    h.update(path.relative(WEB, f)).update('\0').update(readFileSync(f)).update('\0');
  }
  // The document's content, not its layout (`cancuoc openapi` pretty-prints, `start` does not).
  return h.update('openapi\0').update(JSON.stringify(JSON.parse(openApiText))).digest('hex');
}

export function builtDigest(): string | undefined {
  if (!existsSync(STAMP)) return undefined;
  return (JSON.parse(readFileSync(STAMP, 'utf8')) as { digest?: string }).digest;
}
