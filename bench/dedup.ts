// bench:dedup — duplicate detection (packages/server/src/quality/dedup) over a register seeded with
// known dirt (`cancuoc seed --dirty RATE`), beside one full sequential scan of `person` measured in
// the same run (before and after the detection; the better of the two is the limit). Prints the
// time to find and score the candidates, and precision and recall against the planted key for the
// "same person" band, the "review" band and both.
//   npm run bench:dedup -- [--people 1000000] [--dirty 0.01] [--data var/bench-dedup] [--pg-port 54700] [--reuse]
// --reuse keeps an existing benchmark database (same people and dirt) and only detects again.
import path from 'node:path';
import { runSeed } from '../packages/server/src/cli/seed.ts';
import { idNumberKey } from '../packages/server/src/keys/secrets.ts';
import { pairKey, plantedKey } from '../packages/server/src/population/planted.ts';
import { detectDuplicates } from '../packages/server/src/quality/dedup/detect.ts';
import { THRESHOLDS } from '../packages/server/src/quality/dedup/scoring.ts';
import { finishRun, insertRun, pairsInBand } from '../packages/server/src/quality/sql.ts';
import type { Sql } from '../packages/server/src/db/connect.ts';
import { benchArgs, fmt, openBenchDatabase, personCount, ROOT } from './bench-db.ts';

const SEED = 1;
const AS_OF = '2026-11-23';
const args = benchArgs({ dirty: { type: 'string', default: '0.01' } });
const dirty = Number(args.dirty);
const data = args.data === path.join(ROOT, 'var/bench') ? path.join(ROOT, 'var/bench-dedup') : args.data;
const say = (m: string) => process.stdout.write(m + '\n');
const db = await openBenchDatabase({ data, pgPort: args.pgPort, fresh: !args.reuse, poolSize: 4 });
try {
  say(`bench:dedup — ${fmt(args.people)} persons, ${dirty * 100} % planted duplicates, data ${data}`);
  if (!args.reuse || (await personCount(db)) === 0) {
    const seed = await runSeed(db.sql, { people: args.people, seed: SEED, asOf: AS_OF, key: idNumberKey(data), progress: true, dirty, actor: 'cli:seed' });
    say(`seed: ${fmt(seed.people)} persons + planted ${JSON.stringify(seed.planted)} in ${seed.seconds} s`);
    await db.sql`vacuum analyze person`;
  }
  const persons = await personCount(db);
  const planted = (await plantedKey(db.sql, 'duplicate')).map((p) => ({ key: pairKey(p.idNumber!, p.otherIdNumber!), variant: p.code }));
  say(`register: ${fmt(persons)} persons, ${fmt(planted.length)} planted duplicates`);

  const scanBefore = await sequentialScan(db.sql);
  await db.sql`delete from quality_pair`;
  const runId = await insertRun(db.sql, { actor: 'bench:dedup', checks: ['duplicates'] });
  const t0 = performance.now();
  const r = await detectDuplicates(db.sql, { runId });
  const seconds = (performance.now() - t0) / 1000;
  await finishRun(db.sql, runId, { persons, details: { duplicates: r } });
  const scanAfter = await sequentialScan(db.sql);
  const scan = Math.min(scanBefore, scanAfter);
  say(`sequential scan of person: ${scanBefore.toFixed(2)} s before, ${scanAfter.toFixed(2)} s after (limit: ${scan.toFixed(2)} s)`);
  say(`detection: ${fmt(r.candidates)} candidate pairs scored in ${r.ranges} ranges, ${fmt(r.same)} same-person, ${fmt(r.review)} review — ${seconds.toFixed(2)} s = ${(seconds / scan).toFixed(1)} scans`);

  const truth = new Set(planted.map((p) => p.key));
  const same = (await pairsInBand(db.sql, 'same')).map((p) => pairKey(p.a, p.b));
  const review = (await pairsInBand(db.sql, 'review')).map((p) => pairKey(p.a, p.b));
  const measure = (found: string[]) => {
    const hits = found.filter((k) => truth.has(k)).length;
    return { precision: found.length ? hits / found.length : 1, recall: truth.size ? hits / truth.size : 1, hits, found: found.length };
  };
  const m = { same: measure(same), review: measure(review), both: measure([...same, ...review]) };
  for (const [band, x] of Object.entries(m)) {
    say(`  ${band.padEnd(7)} ${fmt(x.found).padStart(9)} pairs, ${fmt(x.hits).padStart(9)} planted: precision ${x.precision.toFixed(4)}, recall ${x.recall.toFixed(4)}`);
  }
  // Recall per variant of the planted error, in the same-person band and in either band.
  const sameSet = new Set(same);
  const anySet = new Set([...same, ...review]);
  const variants = new Map<string, { n: number; same: number; any: number }>();
  for (const p of planted) {
    const v = variants.get(p.variant) ?? { n: 0, same: 0, any: 0 };
    v.n++;
    if (sameSet.has(p.key)) v.same++;
    if (anySet.has(p.key)) v.any++;
    variants.set(p.variant, v);
  }
  for (const [variant, v] of variants) say(`  ${variant.padEnd(20)} ${fmt(v.n).padStart(8)} planted: recall same ${(v.same / v.n).toFixed(3)}, same+review ${(v.any / v.n).toFixed(3)}`);
  say(`RESULT dedup: ${seconds.toFixed(1)} s = ${(seconds / scan).toFixed(1)} sequential scans (target ≤ 10); same-person band precision ${m.same.precision.toFixed(3)} recall ${m.same.recall.toFixed(3)} (targets ≥ 0.95; thresholds same ≥ ${THRESHOLDS.same}, review ≥ ${THRESHOLDS.review})`);
} finally {
  await db.close();
}

/** One full sequential scan of person (the planner may use its parallel workers, as it would for any scan). */
async function sequentialScan(sql: Sql): Promise<number> {
  return sql.begin(async (tx) => {
    await tx.unsafe('set local enable_indexscan = off; set local enable_indexonlyscan = off; set local enable_bitmapscan = off');
    const t = performance.now();
    await tx`select count(*) from person`;
    return (performance.now() - t) / 1000;
  }) as Promise<number>;
}
