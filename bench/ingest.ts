// bench:ingest — `cancuoc seed --people N` into a fresh embedded PostgreSQL, beside raw COPY of
// the SAME rows (the exact COPY text the seed streams, pre-generated into a file) into bare
// tables without indexes, constraints or generated columns, measured in the same run.
//   npm run bench:ingest -- [--people 10000000] [--data var/bench] [--pg-port 18250] [--reuse]
// --reuse keeps an existing benchmark database that already holds ≥ N persons (then only the
// raw COPY side is measured again).
import { createReadStream, createWriteStream, statSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { runSeed } from '../packages/server/src/cli/seed.ts';
import { idNumberKey } from '../packages/server/src/keys/secrets.ts';
import { generatePopulation, HOUSEHOLD_COPY_COLUMNS, PERSON_COPY_COLUMNS } from '../packages/server/src/population/generate.ts';
import { loadGeography } from '../packages/server/src/population/geography.ts';
import { loadNamePools } from '../packages/server/src/population/names.ts';
import { seedLegalBasis } from '../packages/server/src/population/seed.ts';
import { benchArgs, fmt, openBenchDatabase, personCount } from './bench-db.ts';

const SEED = 1;
const AS_OF = '2026-11-23';
const args = benchArgs();
const say = (m: string) => process.stdout.write(m + '\n');
const db = await openBenchDatabase({ data: args.data, pgPort: args.pgPort, fresh: !args.reuse, poolSize: 4 });
const key = idNumberKey(args.data);
try {
  say(`bench:ingest — ${fmt(args.people)} persons, data ${args.data}`);
  let seed: Awaited<ReturnType<typeof runSeed>> | undefined;
  const existing = await personCount(db);
  if (args.reuse && existing >= args.people) {
    say(`reusing the database (${fmt(existing)} persons): seed not re-run`);
  } else {
    if (existing > 0) throw new Error(`the benchmark database already holds ${existing} persons: run without --reuse for a fresh one`);
    // Both sides start from a checkpoint, so that neither pays for the other's dirty pages.
    await db.sql`checkpoint`;
    const before = await walState(db);
    seed = await runSeed(db.sql, { people: args.people, seed: SEED, asOf: AS_OF, key, progress: true, actor: 'cli:seed' });
    const after = await walState(db);
    say(`seed: ${fmt(seed.people)} persons, ${fmt(seed.households)} households in ${seed.seconds} s → ${fmt(seed.personsPerSecond)} persons/s (incl. index/FK rebuild)`);
    say(`  WAL written ${((after.lsn - before.lsn) / 2 ** 30).toFixed(1)} GiB, checkpoints during the seed ${after.checkpoints - before.checkpoints} (max_wal_size ${after.maxWalSize})`);
    for (const [phase, ms] of Object.entries(seed.phasesMs)) say(`  ${phase.padEnd(48)} ${(ms / 1000).toFixed(1).padStart(7)} s`);
  }

  // The same rows again: same seed, key, reference date and starting state (empty counters,
  // households from 1) give byte-identical COPY text.
  const geography = await loadGeography(db.sql);
  const file = path.join(args.data, 'raw-persons.copy');
  const hfile = path.join(args.data, 'raw-households.copy');
  const out = createWriteStream(file);
  const hout = createWriteStream(hfile);
  const g0 = performance.now();
  let n = 0;
  for (const c of generatePopulation({
    people: args.people, seed: SEED, asOf: AS_OF, key, geography, names: loadNamePools(), counters: new Map(),
    firstHouseholdId: 1, oldIdOffset: 0, legalBasis: seedLegalBasis(SEED), updatedBy: 'cli:seed',
  })) {
    n += c.personCount;
    if (!out.write(c.persons)) await once(out, 'drain');
    if (!hout.write(c.households)) await once(hout, 'drain');
  }
  out.end();
  hout.end();
  await Promise.all([once(out, 'finish'), once(hout, 'finish')]);
  const genSeconds = (performance.now() - g0) / 1000;
  say(`generator alone (to a file): ${fmt(n / genSeconds)} persons/s (${(statSync(file).size / n).toFixed(0)} bytes/person)`);

  const cols = PERSON_COPY_COLUMNS.join(', ');
  await db.sql.unsafe(`drop table if exists bare_person; drop table if exists bare_household;
    create table bare_person as select ${cols} from person limit 0;
    create table bare_household as select ${HOUSEHOLD_COPY_COLUMNS.join(', ')} from household limit 0`);
  await db.sql`checkpoint`;
  const r0 = performance.now();
  await db.sql.begin(async (tx) => {
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), await tx.unsafe(`copy bare_person (${cols}) from stdin`).writable());
    await pipeline(createReadStream(hfile, { highWaterMark: 1 << 20 }), await tx.unsafe(`copy bare_household from stdin`).writable());
  });
  const rawSeconds = (performance.now() - r0) / 1000;
  const raw = args.people / rawSeconds;
  say(`raw COPY (same text, bare tables, one stream): ${fmt(args.people)} persons in ${rawSeconds.toFixed(1)} s → ${fmt(raw)} persons/s`);
  if (seed) say(`RESULT ingest: seed ${fmt(seed.personsPerSecond)} persons/s = ${(100 * seed.personsPerSecond / raw).toFixed(0)} % of raw COPY ${fmt(raw)} persons/s (target ≥ 50 %)`);

  const sizes = await db.sql<{ what: string; bytes: string }[]>`
    select 'person heap' as what, pg_relation_size('person')::text as bytes
    union all select 'person indexes', pg_indexes_size('person')::text
    union all select 'household total', pg_total_relation_size('household')::text
    union all select 'bare_person heap', pg_relation_size('bare_person')::text`;
  const people = await personCount(db);
  for (const s of sizes) say(`  ${s.what.padEnd(18)} ${(Number(s.bytes) / 2 ** 20).toFixed(0).padStart(8)} MiB  ${(Number(s.bytes) / people).toFixed(0)} bytes/person`);
  await db.sql`drop table bare_person`;
  await db.sql`drop table bare_household`;
  rmSync(file);
  rmSync(hfile);
} finally {
  await db.close();
}

async function walState(db: Awaited<ReturnType<typeof openBenchDatabase>>): Promise<{ lsn: number; checkpoints: number; maxWalSize: string }> {
  const [r] = await db.sql<{ lsn: string; checkpoints: number; max_wal_size: string }[]>`
    select (pg_current_wal_lsn() - '0/0'::pg_lsn)::text as lsn,
           (select num_done::int from pg_stat_checkpointer) as checkpoints,
           current_setting('max_wal_size') as max_wal_size`;
  return { lsn: Number(r!.lsn), checkpoints: r!.checkpoints, maxWalSize: r!.max_wal_size };
}
