// The quality reports (GET /stats/quality, docs/quality.md "Reading the reports"): completeness,
// error rates and duplicates per province of either generation, per commune or per rule, for the
// latest run or every run since a date (over time). Only counts: no person is named, so nothing is
// audited; an officer sees the units of their jurisdiction.
import { unitIndex } from '../admin-units/service.ts';
import type { Officer } from '../auth/officers.ts';
import type { Sql } from '../db/connect.ts';
import { RULE_BY_CODE } from './rules/index.ts';
import { finishedRuns } from './sql.ts';

export type GroupBy = 'province' | 'old-province' | 'commune' | 'rule';

export interface StatsQuery { groupBy: GroupBy; rule?: string; province?: string; since?: string; limit: number }

const COLUMN: Record<Exclude<GroupBy, 'rule'>, string> = { province: 'province_id', 'old-province': 'old_province_id', commune: 'commune_id' };

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 1e6) / 1e6 : null);

export async function qualityStats(sql: Sql, officer: Officer, q: StatsQuery) {
  const runs = await finishedRuns(sql, { since: q.since, limit: q.since ? q.limit : 1 });
  const units = await unitIndex(sql);
  // The officer's jurisdiction, then the requested province, narrow the cells counted.
  const j = officer.jurisdiction;
  const commune = j?.level === 'commune' ? j.id : null;
  const province = j?.level === 'province' ? j.id : j?.level === 'commune' ? j.provinceId : q.province ?? null;
  if (j && q.province && q.province !== province) return { groupBy: q.groupBy, rule: q.rule ?? null, runs: [], rows: [] };
  const runIds = runs.map((r) => r.id);
  if (runIds.length === 0) return { groupBy: q.groupBy, rule: q.rule ?? null, runs: [], rows: [] };
  const filter = sql`${commune ? sql`and commune_id = ${commune}` : sql``} ${province ? sql`and province_id = ${province}` : sql``}`;
  const at = new Map(runs.map((r) => [r.id, r.finished_at!.toISOString()]));
  const runsOut = runs.map((r) => ({ id: r.id, finishedAt: r.finished_at!.toISOString(), checks: r.checks }));

  if (q.groupBy === 'rule') {
    const persons = await sql<{ run_id: string; persons: number }[]>`
      select run_id::text, sum(persons)::int as persons from quality_population
      where run_id = any(${sql.array(runIds)}::bigint[]) ${filter} group by 1`;
    const total = new Map(persons.map((p) => [p.run_id, p.persons]));
    const rows = await sql<{ run_id: string; rule: string; findings: number; affected: number }[]>`
      select run_id::text, rule, sum(findings)::int as findings, sum(persons_affected)::int as affected from quality_stat
      where run_id = any(${sql.array(runIds)}::bigint[]) and rule like 'DQ-%' ${q.rule ? sql`and rule = ${q.rule}` : sql``} ${filter}
      group by 1, 2 order by 1 desc, 2`;
    return {
      groupBy: q.groupBy, rule: q.rule ?? null, runs: runsOut,
      rows: rows.map((r) => {
        const rule = RULE_BY_CODE.get(r.rule);
        const n = total.get(r.run_id) ?? 0;
        return {
          runId: r.run_id, at: at.get(r.run_id)!, unit: null,
          rule: { code: r.rule, name: rule?.name ?? r.rule, severity: rule?.severity ?? 'info', category: rule?.category ?? 'validity' },
          persons: n, findings: r.findings, affectedPersons: r.affected, rate: ratio(r.affected, n),
          completeness: null, errorRate: null, duplicatePersons: null,
        };
      }),
    };
  }

  const column = sql.unsafe(COLUMN[q.groupBy]);
  const population = await sql<{ run_id: string; unit: string | null; persons: number }[]>`
    select run_id::text, ${column} as unit, sum(persons)::int as persons from quality_population
    where run_id = any(${sql.array(runIds)}::bigint[]) ${filter} group by 1, 2`;
  const wanted = q.rule ? [q.rule] : ['*', 'category:completeness', 'severity:error', 'duplicate'];
  const counts = await sql<{ run_id: string; unit: string | null; rule: string; findings: number; affected: number }[]>`
    select run_id::text, ${column} as unit, rule, sum(findings)::int as findings, sum(persons_affected)::int as affected from quality_stat
    where run_id = any(${sql.array(runIds)}::bigint[]) and rule = any(${sql.array(wanted)}) ${filter} group by 1, 2, 3`;
  const count = new Map(counts.map((c) => [`${c.run_id}|${c.unit}|${c.rule}`, c]));
  const rows = population
    .sort((a, b) => Number(b.run_id) - Number(a.run_id) || String(a.unit).localeCompare(String(b.unit)))
    .map((p) => {
      const get = (rule: string) => count.get(`${p.run_id}|${p.unit}|${rule}`);
      const u = p.unit ? units.get(p.unit) : undefined;
      const main = get(q.rule ?? '*');
      return {
        runId: p.run_id, at: at.get(p.run_id)!,
        unit: p.unit ? { id: p.unit, name: u?.name ?? p.unit, generation: u?.generation ?? null } : null,
        rule: q.rule ? { code: q.rule, name: RULE_BY_CODE.get(q.rule)?.name ?? q.rule, severity: RULE_BY_CODE.get(q.rule)?.severity ?? 'info', category: RULE_BY_CODE.get(q.rule)?.category ?? 'validity' } : null,
        persons: p.persons, findings: main?.findings ?? 0, affectedPersons: main?.affected ?? 0, rate: ratio(main?.affected ?? 0, p.persons),
        completeness: q.rule ? null : ratio(p.persons - (get('category:completeness')?.affected ?? 0), p.persons),
        errorRate: q.rule ? null : ratio(get('severity:error')?.affected ?? 0, p.persons),
        duplicatePersons: q.rule ? null : get('duplicate')?.affected ?? 0,
      };
    });
  return { groupBy: q.groupBy, rule: q.rule ?? null, runs: runsOut, rows };
}
