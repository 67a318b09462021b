// The quality module's domain functions behind its routes: the rule catalogue, the findings of the
// latest run for an officer's jurisdiction (audited per person named), the reports. The review of
// duplicates is review.ts, the run run.ts.
import type { Static } from 'typebox';
import { unitIndex } from '../admin-units/service.ts';
import { inJurisdiction, requireRole, PERSON_ROLES } from '../auth/access.ts';
import { actorOf, type Caller } from '../registry/service.ts';
import type { Services } from '../services.ts';
import { matchRows } from './registry-reads.ts';
import { RULE_BY_CODE, RULES } from './rules/index.ts';
import type { FindingsSchema } from './schemas.ts';
import { findings, latestRulesRun } from './sql.ts';
import { qualityStats, type StatsQuery } from './stats.ts';

export function ruleCatalogue() {
  return { rules: RULES.map((r) => ({ code: r.code, name: r.name, severity: r.severity, category: r.category, message: r.message })) };
}

/**
 * Findings of the latest run in the officer's jurisdiction (their commune, their province, or —
 * for central officers — the province or commune asked for), by rule. A finding about a person is
 * shown only while the officer may read that person (they may have moved since the run); every
 * person named is audited.
 */
export async function listFindings(services: Services, caller: Caller, q: { rule?: string; province?: string; commune?: string; limit: number; offset: number }) {
  requireRole(caller.officer, PERSON_ROLES);
  const run = await latestRulesRun(services.sql);
  const page = { runId: run?.id ?? null, at: run?.finished_at?.toISOString() ?? null, items: [] as Static<typeof FindingsSchema>['items'], offset: q.offset, limit: q.limit };
  if (!run) return page;
  const j = caller.officer.jurisdiction;
  if (j?.level === 'commune' && ((q.commune && q.commune !== j.id) || (q.province && q.province !== j.provinceId))) return page;
  if (j?.level === 'province' && q.province && q.province !== j.id) return page;
  const rows = await findings(services.sql, {
    runId: run.id, rule: q.rule, communeId: j?.level === 'commune' ? j.id : q.commune, provinceId: j?.level === 'province' ? j.id : q.province,
    limit: q.limit, offset: q.offset,
  });
  const [people, units] = await Promise.all([matchRows(services.sql, rows.flatMap((r) => (r.id_number ? [r.id_number] : []))), unitIndex(services.sql)]);
  const shown = rows.filter((r) => {
    if (!r.id_number) return inJurisdiction(caller.officer, { communeId: r.commune_id, provinceId: r.province_id });
    const p = people.get(r.id_number);
    return p !== undefined && inJurisdiction(caller.officer, { communeId: p.current_commune_id, provinceId: p.current_province_id });
  });
  page.items = shown.map((r) => {
    const rule = RULE_BY_CODE.get(r.rule);
    const p = r.id_number ? people.get(r.id_number)! : undefined;
    return {
      rule: { code: r.rule, name: rule?.name ?? r.rule, severity: rule?.severity ?? 'info', category: rule?.category ?? 'validity', message: rule?.message ?? { vi: r.rule, en: r.rule } },
      person: p ? { idNumber: p.id_number, fullName: p.full_name, birthDate: p.birth_date } : null,
      householdId: r.household_id,
      commune: units.view(r.commune_id),
      details: r.details,
    };
  });
  const actor = actorOf(caller.officer);
  const named = [...new Set(shown.flatMap((r) => (r.id_number ? [r.id_number] : [])))];
  if (named.length > 0) {
    await services.audit.record(...named.map((subject) => ({ actor, action: 'quality.finding.read', subject, requestId: caller.requestId, details: { runId: run.id } })));
  }
  return page;
}

export async function getStats(services: Services, caller: Caller, q: StatsQuery) {
  requireRole(caller.officer, PERSON_ROLES);
  return qualityStats(services.sql, caller.officer, q);
}
