// Duplicate detection over the whole register (docs/quality.md): the population is cut into
// ranges of birth dates with about as many persons each (the planner's histogram of
// person.birth_date: no scan), and for each range ONE statement finds the candidate pairs
// (blocking.ts), scores them (scoring.ts) and upserts those in the review or same-person band
// into quality_pair. Pairs an officer decided (rejected, merged, merge undone) are left as they
// are: a decided pair is never proposed again. Open pairs that a full run no longer finds (a
// record corrected, merged) are removed at its end.
import { availableParallelism } from 'node:os';
import type { Sql } from '../../db/connect.ts';
import { birthDateBounds } from '../registry-reads.ts';
import { CANDIDATES, swappedDates } from './blocking.ts';
import { LEVEL_COLUMNS_SQL, levelsJson, scoreOf, THRESHOLDS } from './scoring.ts';

const DETECT = `
  with ${CANDIDATES},
  pairs as materialized (select distinct on (a, b) a, b, via from candidates order by a, b, via),
  -- Each person's comparison fields once (the view resolves relatives' names); each pair's levels
  -- are computed once, as columns, which the score and the stored explanation both read.
  people as materialized (
    select m.* from registry_quality_match m where m.id_number in (select a from pairs union select b from pairs)
  ), scored as materialized (
    select p.a, p.b, p.via, a.current_commune_id as ac, a.current_province_id as ap,
           b.current_commune_id as bc, b.current_province_id as bp, l.*
    from pairs p join people a on a.id_number = p.a join people b on b.id_number = p.b
    cross join lateral (select ${LEVEL_COLUMNS_SQL}) l
  ), totals as (
    select s.*, (${scoreOf('s')})::real as score from scored s
  ), stored as (
    -- The explanation (jsonb) is built for the pairs stored only: most candidates score below review.
    insert into quality_pair (a, b, score, band, explanation, a_commune, a_province, b_commune, b_province, first_run, last_run)
    select t.a, t.b, t.score, case when t.score >= $5 then 'same' else 'review' end,
           jsonb_build_object('levels', ${levelsJson('t')}, 'via', t.via), t.ac, t.ap, t.bc, t.bp, $7, $7
    from totals t where t.score >= $6
    on conflict (a, b) do update set
      score = excluded.score, band = excluded.band, explanation = excluded.explanation,
      a_commune = excluded.a_commune, a_province = excluded.a_province, b_commune = excluded.b_commune,
      b_province = excluded.b_province, last_run = excluded.last_run
    where quality_pair.status = 'open'
    returning band
  )
  select (select count(*) from pairs)::int as candidates,
         count(*) filter (where band = 'same')::int as same, count(*) filter (where band = 'review')::int as review
  from stored`;

export interface DetectionResult { candidates: number; same: number; review: number; ranges: number; removed: number }

/**
 * Finds, scores and stores the duplicate pairs of the whole register under quality run `runId`,
 * `concurrency` ranges at a time, each on a connection of the pool (default: one more than the
 * CPUs, so that both cores stay busy while a statement commits; at 10 M persons on 2 cores: 2 →
 * 34.9 s, 3 → 27.8 s, 4 → 29.0 s).
 * `onRange` is called after each range with the ranges done and the total.
 */
export async function detectDuplicates(sql: Sql, o: {
  runId: string; concurrency?: number; onRange?: (done: number, total: number) => void;
  /** Only the persons born in [from, to) (a partial run: open pairs elsewhere are left as they are). */
  born?: { from: string; to: string };
}): Promise<DetectionResult> {
  const bounds = o.born ? [o.born.from, o.born.to] : await birthDateBounds(sql);
  const ranges: [string, string][] = [];
  for (let i = 0; i + 1 < bounds.length; i++) ranges.push([bounds[i]!, bounds[i + 1]!]);
  const result: DetectionResult = { candidates: 0, same: 0, review: 0, ranges: ranges.length, removed: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < ranges.length) {
      const [from, to] = ranges[next++]!;
      const { dates, swapped } = swappedDates(from, to);
      const [row] = await sql.begin(async (tx) => {
        // Each range has its own shape (a few weeks of births or a decade of them): plan it for its
        // values, not with the connection's generic plans (db/connect.ts).
        await tx.unsafe(`set local plan_cache_mode = force_custom_plan; set local work_mem = '256MB'`);
        return tx.unsafe<{ candidates: number; same: number; review: number }[]>(DETECT, [
          from, to, dates, swapped, THRESHOLDS.same, THRESHOLDS.review, o.runId,
        ] as never[]);
      });
      result.candidates += row!.candidates;
      result.same += row!.same;
      result.review += row!.review;
      o.onRange?.(++done, ranges.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? availableParallelism() + 1) }, worker));
  if (!o.born) {
    const removed = await sql`delete from quality_pair where status = 'open' and last_run < ${o.runId}`;
    result.removed = removed.count;
  }
  return result;
}
