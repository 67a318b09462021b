// The quality module's SQL over its own tables (migration 040). Functions taking a transaction end
// in `InTx`. The register is read only through registry-reads.ts and the rule queries.
import type { Sql, Tx } from '../db/connect.ts';

// ---- runs ----

export interface RunRow { id: string; started_at: Date; finished_at: Date | null; actor: string; checks: string[]; persons: string | null; details: Record<string, unknown> }

export async function insertRun(sql: Sql, o: { actor: string; checks: string[] }): Promise<string> {
  const [row] = await sql<{ id: string }[]>`insert into quality_run (actor, checks) values (${o.actor}, ${sql.array(o.checks)}) returning id::text`;
  return row!.id;
}

export async function finishRun(sql: Sql | Tx, id: string, o: { persons: number; details: Record<string, unknown> }): Promise<void> {
  await sql`update quality_run set finished_at = now(), persons = ${o.persons}, details = ${sql.json(o.details as never)} where id = ${id}`;
}

/** Finished runs, newest first, optionally only those finished since a date. */
export async function finishedRuns(sql: Sql, o: { since?: string; limit: number }): Promise<RunRow[]> {
  return sql<RunRow[]>`
    select id::text, started_at, finished_at, actor, checks, persons::text, details from quality_run
    where finished_at is not null ${o.since ? sql`and finished_at >= ${o.since}::date` : sql``}
    order by finished_at desc limit ${o.limit}`;
}

/** The latest finished run that ran the rules (whose findings are kept). */
export async function latestRulesRun(sql: Sql): Promise<RunRow | undefined> {
  const [row] = await sql<RunRow[]>`
    select id::text, started_at, finished_at, actor, checks, persons::text, details from quality_run
    where finished_at is not null and 'rules' = any(checks) order by finished_at desc limit 1`;
  return row;
}

/** Findings of runs before `runId` go once `runId` has its own (their counts stay in quality_stat). */
export async function dropOlderFindings(sql: Sql, runId: string): Promise<void> {
  await sql`delete from quality_finding where run_id < ${runId}`;
}

// ---- findings ----

/** Runs one rule's query and stores its findings under the run; returns how many. */
export async function insertFindings(sql: Sql, o: { runId: string; code: string; ruleSql: string; today: string; unitsWithoutSuccessor: string[] }): Promise<number> {
  return sql.begin(async (tx) => {
    await tx.unsafe(`set local work_mem = '256MB'; set local plan_cache_mode = force_custom_plan`);
    // The rule's parameters ($1, $2) are typed here, so that a rule may use either or neither.
    const result = await tx.unsafe(`
      insert into quality_finding (run_id, rule, id_number, household_id, commune_id, province_id, unit_id, details)
      select $3, $4, f.id_number, f.household_id, f.commune_id, f.province_id, f.unit_id, f.details
      from (${o.ruleSql}) f, (select $1::date, $2::text[]) as typed_parameters`, [o.today, o.unitsWithoutSuccessor, o.runId, o.code] as never[]);
    return result.count;
  }) as Promise<number>;
}

export interface FindingRow {
  rule: string; id_number: string | null; household_id: string | null; commune_id: string | null; province_id: string | null; details: Record<string, unknown>;
}

/** Findings of a run inside a jurisdiction (null: nationwide), by rule, paginated. */
export async function findings(sql: Sql, o: { runId: string; rule?: string; communeId?: string; provinceId?: string; limit: number; offset: number }): Promise<FindingRow[]> {
  return sql<FindingRow[]>`
    select rule, id_number, household_id::text as household_id, commune_id, province_id, details from quality_finding
    where run_id = ${o.runId}
      ${o.rule ? sql`and rule = ${o.rule}` : sql``}
      ${o.communeId ? sql`and commune_id = ${o.communeId}` : sql``}
      ${o.provinceId ? sql`and province_id = ${o.provinceId}` : sql``}
    order by rule, commune_id, id_number, household_id limit ${o.limit} offset ${o.offset}`;
}

// ---- report counts ----

/** Findings per cell (today's commune, province, recorded unit) and rule, for the run's reports. */
export async function findingCounts(sql: Sql, runId: string): Promise<{ commune_id: string | null; province_id: string | null; unit_id: string | null; rule: string; findings: number; persons: number }[]> {
  return sql`
    select commune_id, province_id, unit_id, rule, count(*)::int as findings, count(distinct id_number)::int as persons
    from quality_finding where run_id = ${runId} group by 1, 2, 3, 4`;
}

/** Persons with a finding of any of `rules`, per cell: the distinct counts of the aggregates. */
export async function personsWithFindings(sql: Sql, runId: string, rules: string[]): Promise<{ commune_id: string | null; province_id: string | null; unit_id: string | null; persons: number; findings: number }[]> {
  return sql`
    select commune_id, province_id, unit_id, count(distinct id_number)::int as persons, count(*)::int as findings
    from quality_finding where run_id = ${runId} and rule = any(${sql.array(rules)}) group by 1, 2, 3`;
}

export interface StatInsert { commune_id: string | null; province_id: string | null; old_province_id: string | null; rule: string; findings: number; persons_affected: number }

export async function insertStats(sql: Sql, runId: string, rows: StatInsert[], population: { commune_id: string | null; province_id: string | null; old_province_id: string | null; persons: number }[]): Promise<void> {
  await sql.begin(async (tx) => {
    for (let i = 0; i < rows.length; i += 20_000) {
      const part = rows.slice(i, i + 20_000);
      await tx`
        insert into quality_stat (run_id, commune_id, province_id, old_province_id, rule, findings, persons_affected)
        select ${runId}, * from unnest(${tx.array(part.map((r) => r.commune_id) as string[])}::text[], ${tx.array(part.map((r) => r.province_id) as string[])}::text[],
          ${tx.array(part.map((r) => r.old_province_id) as string[])}::text[], ${tx.array(part.map((r) => r.rule))}::text[],
          ${tx.array(part.map((r) => r.findings))}::int[], ${tx.array(part.map((r) => r.persons_affected))}::int[])`;
    }
    for (let i = 0; i < population.length; i += 20_000) {
      const part = population.slice(i, i + 20_000);
      await tx`
        insert into quality_population (run_id, commune_id, province_id, old_province_id, persons)
        select ${runId}, * from unnest(${tx.array(part.map((r) => r.commune_id) as string[])}::text[], ${tx.array(part.map((r) => r.province_id) as string[])}::text[],
          ${tx.array(part.map((r) => r.old_province_id) as string[])}::text[], ${tx.array(part.map((r) => r.persons))}::int[])`;
    }
  });
}

/** Persons in open duplicate pairs per their residence when last scored (the 'duplicate' aggregate). */
export async function duplicatePersonsByCommune(sql: Sql): Promise<{ commune_id: string | null; province_id: string | null; persons: number }[]> {
  return sql`
    select commune_id, province_id, count(distinct id_number)::int as persons from (
      select a as id_number, a_commune as commune_id, a_province as province_id from quality_pair where status = 'open'
      union all
      select b, b_commune, b_province from quality_pair where status = 'open') x
    group by 1, 2`;
}

// ---- pairs ----

export interface PairRow {
  id: string; a: string; b: string; score: number; band: 'same' | 'review'; explanation: { levels: Record<string, string>; via: string };
  a_commune: string | null; a_province: string | null; b_commune: string | null; b_province: string | null;
  status: 'open' | 'rejected' | 'merged' | 'undone' | 'superseded'; decided_by: string | null; decided_at: Date | null;
  merge_id: string | null; survivor: string | null;
}

const PAIR_COLUMNS = `id::text, a, b, score, band, explanation, a_commune, a_province, b_commune, b_province, status, decided_by,
  decided_at, merge_id::text, survivor`;

/** Every pair in a band (open or decided): for measuring against a planted key. */
export async function pairsInBand(sql: Sql, band: 'same' | 'review'): Promise<{ a: string; b: string; status: string }[]> {
  return sql`select a, b, status from quality_pair where band = ${band}`;
}

/**
 * The open pairs of a review queue: a commune's (both persons there when last scored), a
 * province's, or all; best score first. The stored residence narrows the scan; callers check
 * today's residence before showing anything.
 */
export async function openPairs(sql: Sql, o: { communeId?: string; provinceId?: string; band?: 'same' | 'review'; limit: number; offset: number }): Promise<PairRow[]> {
  // One statement shape per queue, each served by its partial index (migration 040).
  const scope = o.communeId ? 'scope_commune = $1 and ($2::text is null or scope_province = $2)'
    : o.provinceId ? '$1::text is null and scope_province = $2' : '$1::text is null and $2::text is null';
  const band = o.band ? 'band = $3' : '$3::text is null';
  return sql.unsafe<PairRow[]>(`
    select ${PAIR_COLUMNS} from quality_pair
    where status = 'open' and ${scope} and ${band}
    order by band desc, score desc, id limit $4 offset $5`, [o.communeId ?? null, o.provinceId ?? null, o.band ?? null, o.limit, o.offset] as never[]);
}

export async function pairRow(sql: Sql | Tx, id: string, lock = false): Promise<PairRow | undefined> {
  const [row] = await sql.unsafe<PairRow[]>(`select ${PAIR_COLUMNS} from quality_pair where id = $1 ${lock ? 'for update' : ''}`, [id]);
  return row;
}

export async function decidePairInTx(tx: Tx, o: {
  pairId: string; decision: 'confirm' | 'reject'; actor: string; legalBasis: string | null; note: string | null; requestId: string;
  mergeId?: string; survivor?: string;
}): Promise<void> {
  await tx`
    update quality_pair set status = ${o.decision === 'confirm' ? 'merged' : 'rejected'}, decided_by = ${o.actor}, decided_at = now(),
      merge_id = ${o.mergeId ?? null}, survivor = ${o.survivor ?? null}
    where id = ${o.pairId}`;
  await tx`
    insert into quality_decision (pair_id, decision, decided_by, legal_basis, note, merge_id, request_id)
    values (${o.pairId}, ${o.decision}, ${o.actor}, ${o.legalBasis}, ${o.note}, ${o.mergeId ?? null}, ${o.requestId})`;
}

/** The decision this request already recorded on the pair, if any (a retry). */
export async function decisionOfRequestInTx(tx: Tx, pairId: string, requestId: string): Promise<{ decision: string; merge_id: string | null } | undefined> {
  const [row] = await tx<{ decision: string; merge_id: string | null }[]>`
    select decision, merge_id::text from quality_decision where pair_id = ${pairId} and request_id = ${requestId} and decision <> 'undo'`;
  return row;
}

export interface DecisionRow { decision: string; decided_by: string; decided_at: Date; legal_basis: string | null; note: string | null; merge_id: string | null }

export async function decisions(sql: Sql, pairId: string): Promise<DecisionRow[]> {
  return sql<DecisionRow[]>`
    select decision, decided_by, decided_at, legal_basis, note, merge_id::text from quality_decision where pair_id = ${pairId} order by id`;
}

/** A merge made from a pair was undone: the pair is closed for good ('undone', never proposed again). */
export async function markMergeUndoneInTx(tx: Tx, o: { mergeId: string; actor: string; requestId: string }): Promise<void> {
  const rows = await tx<{ id: string }[]>`update quality_pair set status = 'undone' where merge_id = ${o.mergeId} returning id::text`;
  for (const r of rows) {
    await tx`insert into quality_decision (pair_id, decision, decided_by, merge_id, request_id) values (${r.id}, 'undo', ${o.actor}, ${o.mergeId}, ${o.requestId})`;
  }
}

/** Open pairs naming a number a merge just retired can no longer be decided: superseded. */
export async function supersedePairsOfInTx(tx: Tx, idNumber: string): Promise<void> {
  await tx`update quality_pair set status = 'superseded' where status = 'open' and (a = ${idNumber} or b = ${idNumber})`;
}
