// `cancuoc quality run` (docs/quality.md "Running the checks"): duplicate detection, then every
// rule, then the report counts — each step set-based in SQL over the whole register, recorded as
// one quality run. Only one run at a time (a session advisory lock); the findings of the latest
// finished run are kept, the counts of every run.
import { unitIndex, type UnitIndex } from '../admin-units/service.ts';
import { todayInVietnam } from '../calendar.ts';
import type { Sql } from '../db/connect.ts';
import { detectDuplicates, type DetectionResult } from './dedup/detect.ts';
import { populationByUnit } from './registry-reads.ts';
import type { Rule } from './rule.ts';
import { RULES } from './rules/index.ts';
import {
  dropOlderFindings, duplicatePersonsByCommune, findingCounts, finishRun, insertFindings, insertRun, insertStats,
  personsWithFindings, type StatInsert,
} from './sql.ts';

export type Check = 'rules' | 'duplicates';

/** 'cancuoc' + 'quality' in ASCII: the lock one quality run holds. */
const RUN_LOCK = 0x7175616c697479n;

export class QualityRunBusyError extends Error {
  readonly code = 'ERR_QUALITY_RUN_BUSY';
  constructor() {
    super('another quality run is in progress on this register; wait for it to finish');
  }
}

export interface RunProgress {
  /** What is running: 'duplicates', a rule code, 'stats'. */
  step: string;
  /** Work units done and in total over the whole run (ranges of birth dates, rules, stats). */
  done: number;
  total: number;
}

export interface RunSummary {
  runId: string;
  persons: number;
  duplicates?: DetectionResult;
  findings?: Record<string, number>;
  seconds: number;
}

/** Aggregates of the reports beside the rules: persons with any finding of a rule set. */
export function aggregates(rules: readonly Rule[]): Record<string, string[]> {
  // Information (a card not yet on record) is reported per rule but counts against no rate.
  const counted = rules.filter((r) => r.severity !== 'info');
  const out: Record<string, string[]> = { '*': counted.map((r) => r.code), 'severity:error': counted.filter((r) => r.severity === 'error').map((r) => r.code) };
  for (const r of counted) (out[`category:${r.category}`] ??= []).push(r.code);
  return out;
}

export async function runQuality(sql: Sql, o: { actor: string; checks?: Check[]; today?: string; onProgress?: (p: RunProgress) => void }): Promise<RunSummary> {
  const checks = o.checks ?? ['duplicates', 'rules'];
  const lock = await sql.reserve();
  try {
    const [{ locked }] = await lock<{ locked: boolean }[]>`select pg_try_advisory_lock(${RUN_LOCK.toString()}::bigint) as locked`;
    if (!locked) throw new QualityRunBusyError();
    try {
      return await run(sql, { ...o, checks });
    } finally {
      await lock`select pg_advisory_unlock(${RUN_LOCK.toString()}::bigint)`;
    }
  } finally {
    lock.release();
  }
}

async function run(sql: Sql, o: { actor: string; checks: Check[]; today?: string; onProgress?: (p: RunProgress) => void }): Promise<RunSummary> {
  const started = performance.now();
  const runId = await insertRun(sql, { actor: o.actor, checks: o.checks });
  const today = o.today ?? todayInVietnam();
  const units = await unitIndex(sql);
  const summary: RunSummary = { runId, persons: 0, seconds: 0 };
  // Progress over the whole run: a range of birth dates, a rule and the report each count one.
  let rangesTotal = 0;
  let rangesDone = 0;
  let done = 0;
  const ruleCount = o.checks.includes('rules') ? RULES.length + 1 : 0;
  const report = (step: string) => o.onProgress?.({ step, done: done + rangesDone, total: rangesTotal + ruleCount });
  if (o.checks.includes('duplicates')) {
    summary.duplicates = await detectDuplicates(sql, {
      runId,
      onRange: (d, total) => { rangesDone = d; rangesTotal = total; report('duplicates'); },
    });
  }
  const population = await populationByUnit(sql);
  summary.persons = population.reduce((n, p) => n + p.persons, 0);
  if (o.checks.includes('rules')) {
    summary.findings = {};
    const unitsWithoutSuccessor = units.withoutSuccessor();
    for (const rule of RULES) {
      report(rule.code);
      summary.findings[rule.code] = await insertFindings(sql, { runId, code: rule.code, ruleSql: rule.sql, today, unitsWithoutSuccessor });
      done++;
    }
    report('stats');
    await writeStats(sql, runId, units, population);
    done++;
    report('stats');
  }
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  await finishRun(sql, runId, { persons: summary.persons, details: { duplicates: summary.duplicates ?? null, findings: summary.findings ?? null, seconds: summary.seconds, today } });
  if (o.checks.includes('rules')) await dropOlderFindings(sql, runId);
  return summary;
}

/**
 * The pre-2025 province a cell's persons are reported under: the province of a residence recorded
 * under a generation-1 commune, else the old province most of today's commune was formed from
 * (the rule of ID-number prefixes, admin-units unit-index.ts idProvinceCode).
 */
export function oldProvinceOf(units: UnitIndex, unitId: string | null, communeId: string | null): string | null {
  const u = unitId ? units.get(unitId) : undefined;
  if (u?.generation === 1) return u.level === 'province' ? u.id : u.provinceId;
  const commune = communeId ?? (u?.level === 'commune' ? u.id : null);
  if (!commune || !units.get(commune)) return null;
  return `1:${units.idProvinceCode(commune).slice(1)}`;
}

/** Counts per (today's commune, province, old province) and rule, with the aggregates. */
async function writeStats(sql: Sql, runId: string, units: UnitIndex, population: { commune_id: string | null; province_id: string | null; unit_id: string | null; persons: number }[]): Promise<void> {
  const stats = new Map<string, StatInsert>();
  const add = (commune: string | null, province: string | null, unit: string | null, rule: string, findings: number, persons: number) => {
    const old = oldProvinceOf(units, unit, commune);
    const key = `${commune}|${province}|${old}|${rule}`;
    const s = stats.get(key) ?? { commune_id: commune, province_id: province, old_province_id: old, rule, findings: 0, persons_affected: 0 };
    s.findings += findings;
    s.persons_affected += persons;
    stats.set(key, s);
  };
  for (const c of await findingCounts(sql, runId)) add(c.commune_id, c.province_id, c.unit_id, c.rule, c.findings, c.persons);
  for (const [name, codes] of Object.entries(aggregates(RULES))) {
    for (const c of await personsWithFindings(sql, runId, codes)) add(c.commune_id, c.province_id, c.unit_id, name, c.findings, c.persons);
  }
  for (const d of await duplicatePersonsByCommune(sql)) add(d.commune_id, d.province_id, null, 'duplicate', d.persons, d.persons);
  const cells = new Map<string, { commune_id: string | null; province_id: string | null; old_province_id: string | null; persons: number }>();
  for (const p of population) {
    const old = oldProvinceOf(units, p.unit_id, p.commune_id);
    const key = `${p.commune_id}|${p.province_id}|${old}`;
    const c = cells.get(key) ?? { commune_id: p.commune_id, province_id: p.province_id, old_province_id: old, persons: 0 };
    c.persons += p.persons;
    cells.set(key, c);
  }
  await insertStats(sql, runId, [...stats.values()], [...cells.values()]);
}
