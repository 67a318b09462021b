// bench:ingest — ingest as a user meets it: `cancuoc import` of an N-person CSV file (as provinces
// deliver them, docs/import-format.md) into a fresh, empty register, beside raw COPY of the same
// file into a bare table (no index, no constraint) in the same run. The file is generated once,
// not timed: `cancuoc seed` into a scratch register, then `cancuoc export`; it is cached under
// <data>/files and reused by later runs (with the deployment key under <data>/keys that its
// numbers were allocated with). The seed, when it runs, keeps its own figure, printed apart.
//   npm run bench:ingest -- [--people 10000000] [--data var/bench] [--pg-port 18250] [--seed]
// --seed measures the seed again even when the file is cached.
// Printed: the phases of the import; the time until lookups are served (the data committed with
// its primary keys, constraints and jurisdiction indexes) and until everything is indexed (the
// search indexes, built concurrently after commit); raw COPY; the ratios.
// The import's register is left in <data> for bench:lookup and bench:search.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { runSeed } from '../packages/server/src/cli/seed.ts';
import { idNumberKey } from '../packages/server/src/keys/secrets.ts';
import { exportPersons } from '../packages/server/src/population/export.ts';
import { FILE_FIELDS } from '../packages/server/src/population/file-format.ts';
import { importPersons } from '../packages/server/src/population/import.ts';
import { benchArgs, fmt, openBenchDatabase, personCount } from './bench-db.ts';

const SEED = 1;
const AS_OF = '2026-11-23';
const args = benchArgs({ seed: { type: 'boolean', default: false } });
const say = (m: string) => process.stdout.write(m + '\n');
const files = path.join(args.data, 'files');
const file = path.join(files, `persons-${args.people}-seed${SEED}.csv`);

/** An empty register in <data>: everything but the cached files and the key is removed. */
async function freshRegister() {
  mkdirSync(files, { recursive: true });
  for (const name of readdirSync(args.data)) if (name !== 'files' && name !== 'keys') rmSync(path.join(args.data, name), { recursive: true, force: true });
  return openBenchDatabase({ data: args.data, pgPort: args.pgPort, fresh: false, poolSize: 4 });
}

say(`bench:ingest — ${fmt(args.people)} persons, data ${args.data}`);
const key = (mkdirSync(args.data, { recursive: true }), idNumberKey(args.data));

// 1. The file (not timed), and the seed's own figure when it runs.
if (!existsSync(file) || args.seed) {
  const db = await freshRegister();
  try {
    await db.sql`checkpoint`;
    const seed = await runSeed(db.sql, { people: args.people, seed: SEED, asOf: AS_OF, key, progress: true, actor: 'cli:seed' });
    say(`seed (its own figure): ${fmt(seed.people)} persons, ${fmt(seed.households)} households in ${seed.seconds} s → ${fmt(seed.personsPerSecond)} persons/s (incl. index/FK rebuild)`);
    for (const [phase, ms] of Object.entries(seed.phasesMs)) say(`  ${phase.padEnd(52)} ${(ms / 1000).toFixed(1).padStart(7)} s`);
    if (!existsSync(file)) {
      const t = performance.now();
      const exported = await exportPersons(db, createWriteStream(file + '.part'), { format: 'csv', actor: 'cli:export' });
      renameSync(file + '.part', file);
      say(`file: cancuoc export → ${file} (${fmt(exported.rows)} rows, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB, ${((performance.now() - t) / 1000).toFixed(1)} s, not timed)`);
    }
  } finally {
    await db.close();
  }
} else {
  say(`file: ${file} (cached, ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB); seed not run (--seed to measure it)`);
}

// 2. `cancuoc import` of the file into a fresh, empty register.
const db = await freshRegister();
try {
  await db.sql`checkpoint`;
  const phases: [string, number][] = [];
  const i0 = performance.now();
  let served = 0;
  const result = await importPersons(db.sql, {
    file, format: 'csv', legalBasis: 'Nhập dữ liệu từ tệp (bench:ingest)', actor: 'cli:import', today: AS_OF, key,
    onPhase: (name, ms) => phases.push([name, ms]),
    onCommitted: () => { served = (performance.now() - i0) / 1000; },
  });
  const indexed = (performance.now() - i0) / 1000;
  if (result.imported !== args.people || (await personCount(db)) !== args.people) throw new Error(`imported ${result.imported} persons, expected ${args.people}`);
  say(`import: ${fmt(result.imported)} persons, ${fmt(result.households)} households (initial load: ${result.initialLoad}, counters moved in ${fmt(result.counters)} prefixes)`);
  for (const [phase, ms] of phases) say(`  ${phase.padEnd(52)} ${(ms / 1000).toFixed(1).padStart(7)} s`);

  // 3. Raw COPY of the same file into a bare table with its columns, in the same run.
  await db.sql.unsafe(`drop table if exists bare_import; create table bare_import (${FILE_FIELDS.map((f) => `"${f.name}" ${bareType(f.column)}`).join(', ')})`);
  await db.sql`checkpoint`;
  const r0 = performance.now();
  await db.sql.begin(async (tx) => {
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), await tx.unsafe(`copy bare_import from stdin with (format csv, header true)`).writable());
  });
  const rawSeconds = (performance.now() - r0) / 1000;
  const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from bare_import`;
  if (n !== args.people) throw new Error(`raw COPY loaded ${n} rows, expected ${args.people}`);
  const raw = args.people / rawSeconds;
  say(`raw COPY (same file, bare table, one stream): ${fmt(args.people)} rows in ${rawSeconds.toFixed(1)} s → ${fmt(raw)} persons/s`);
  say(`RESULT ingest (import) until lookups are served: ${served.toFixed(1)} s → ${fmt(args.people / served)} persons/s = ${(100 * rawSeconds / served).toFixed(0)} % of raw COPY (target ≥ 50 %)`);
  say(`RESULT ingest (import) until everything is indexed: ${indexed.toFixed(1)} s → ${fmt(args.people / indexed)} persons/s = ${(100 * rawSeconds / indexed).toFixed(0)} % of raw COPY`);

  const sizes = await db.sql<{ what: string; bytes: string }[]>`
    select 'person heap' as what, pg_relation_size('person')::text as bytes
    union all select 'person indexes', pg_indexes_size('person')::text
    union all select 'household total', pg_total_relation_size('household')::text
    union all select 'audit_log total', pg_total_relation_size('audit_log')::text
    union all select 'bare_import heap', pg_relation_size('bare_import')::text`;
  for (const s of sizes) say(`  ${s.what.padEnd(18)} ${(Number(s.bytes) / 2 ** 20).toFixed(0).padStart(8)} MiB  ${(Number(s.bytes) / args.people).toFixed(0)} bytes/person`);
  await db.sql`drop table bare_import`;
} finally {
  await db.close();
}

/** The bare table's column types: what COPY parses (dates, JSON), text otherwise. */
function bareType(column: string): string {
  if (/_date$|^temporary_until$|^missing_since$/.test(column)) return 'date';
  if (column === 'temporary_absence') return 'jsonb';
  return 'text';
}
