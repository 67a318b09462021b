// `npm test`: type-check, start one throw-away embedded PostgreSQL, prepare a migrated template
// database, then run every *.test.ts with node's test runner. Each test file makes its own
// database from the template (DESIGN.md §5: a fresh database per test file), so files can run
// in parallel without seeing each other's data.
//   npm test                      all tests
//   npm test -- packages/emrtd    only test files under these paths
import { spawnSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../packages/server/src/db/connect.ts';
import { startEmbeddedPostgres } from '../packages/server/src/db/embedded.ts';
import { migrateAndLoad } from '../packages/server/src/db/open.ts';
import { freePort } from '../packages/server/src/testing/ports.ts';

const root = path.resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2).map((p) => path.resolve(p));

function findTests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) findTests(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}


const files = findTests(path.join(root, 'packages'))
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)))
  .sort();
if (files.length === 0) {
  console.error('no test files match');
  process.exit(1);
}

if (filters.length === 0 || process.env.TYPECHECK === '1') {
  process.stdout.write('typecheck: tsc -p tsconfig.json\n');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-test-'));
// As root, PostgreSQL runs as the 'postgres' user, which must be able to enter this directory.
chmodSync(dataDir, 0o755);
const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
let status = 1;
try {
  const admin = connect(pg.url('postgres'), { max: 1 });
  await admin.unsafe('create database cancuoc_template');
  await admin.end();
  const template = connect(pg.url('cancuoc_template'), { max: 2 });
  await migrateAndLoad(template);
  await template.end();

  const concurrency = Math.max(2, os.availableParallelism());
  // A test that hangs fails after 10 minutes (unless it sets its own timeout) instead of holding
  // the whole run: CI has 30 minutes for everything.
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=600000', ...files], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, CANCUOC_TEST_PG_URL: pg.url('postgres'), CANCUOC_TEST_TEMPLATE: 'cancuoc_template' },
  });
  status = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
} finally {
  await pg.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(status);
