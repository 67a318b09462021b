// Progress of the card campaign (issue 16 §7; docs/cards.md "Hand-over and lifecycle"):
// applications received, approved, produced and handed over, per province and per day, under
// either generation of provinces. Counts only — no person is named, so nothing is audited.
//
// An application is counted where it is handed over: the province of its receiving office (a
// generation-2 commune or province). Generation 1 (the 63 provinces before 1 July 2025, the
// seeds' reporting) goes through the admin-units service, never its tables: the old province a
// current unit stands for is the one its predecessors mostly lay in (UnitIndex.idProvinceCode,
// the rule the ID-number prefix uses), and the 63 are the provinces in force on 30 June 2025.
import { listUnits, unitIndex, type UnitIndex } from '../admin-units/service.ts';
import type { Sql } from '../db/connect.ts';
import { cardCountsByUnitDay } from './lifecycle-sql.ts';

export interface CardCounts { received: number; approved: number; produced: number; handedOver: number }
export interface ProvinceRef { provinceId: string; provinceName: string }

const LAST_DAY_OF_GENERATION_1 = '2025-06-30';
const zero = (): CardCounts => ({ received: 0, approved: 0, produced: 0, handedOver: 0 });

async function provincesOf(sql: Sql, generation: 1 | 2, today: string): Promise<Map<string, ProvinceRef & { code: string }>> {
  const at = generation === 1 ? LAST_DAY_OF_GENERATION_1 : today;
  const { items } = await listUnits(sql, { level: 'province', at, limit: 1000, offset: 0 });
  return new Map(items.map((u) => [u.id, { provinceId: u.id, provinceName: u.name, code: u.code }]));
}

/** The generation-2 province of a receiving unit (itself when it is a province). */
function province2(units: UnitIndex, unitId: string): string | null {
  const u = units.get(unitId);
  if (!u) return null;
  return u.level === 'province' ? u.id : u.provinceId;
}

export async function cardStats(sql: Sql, q: { generation: 1 | 2; from: string; to: string; today: string; scope: string | null }) {
  const [units, provinces, rows] = await Promise.all([unitIndex(sql), provincesOf(sql, q.generation, q.today), cardCountsByUnitDay(sql, q.from, q.to)]);
  const byCode = new Map([...provinces.values()].map((p) => [p.code, p]));
  const provinceOf = (unitId: string): ProvinceRef | undefined => {
    if (q.generation === 2) return provinces.get(province2(units, unitId) ?? '');
    // idProvinceCode gives the old province's 3-digit code ('0' + its 2-digit code).
    return byCode.get(units.idProvinceCode(unitId).slice(1));
  };
  const days = new Map<string, ProvinceRef & CardCounts & { day: string }>();
  const totals = new Map<string, CardCounts>();
  let unplaced = 0;
  for (const r of rows) {
    // A provincial officer's figures are the receiving offices of their (generation-2) province.
    if (q.scope && province2(units, r.unit_id) !== q.scope) continue;
    const p = provinceOf(r.unit_id);
    if (!p) { unplaced += r.received; continue; }
    const key = `${r.day}|${p.provinceId}`;
    const d = days.get(key) ?? { day: r.day, provinceId: p.provinceId, provinceName: p.provinceName, ...zero() };
    const t = totals.get(p.provinceId) ?? zero();
    for (const [field, n] of [['received', r.received], ['approved', r.approved], ['produced', r.produced], ['handedOver', r.handed_over]] as const) {
      d[field] += n;
      t[field] += n;
    }
    days.set(key, d);
    totals.set(p.provinceId, t);
  }
  // Every province of the generation appears in the totals (zero where nothing happened); a
  // provincial officer gets those their receiving offices map to.
  const shown = [...provinces.values()]
    .filter((p) => !q.scope || (q.generation === 2 ? p.provinceId === q.scope : totals.has(p.provinceId)))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    generation: q.generation, from: q.from, to: q.to, groupBy: 'province' as const,
    provinces: shown.map((p) => ({ provinceId: p.provinceId, provinceName: p.provinceName, ...(totals.get(p.provinceId) ?? zero()) })),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day) || a.provinceId.localeCompare(b.provinceId)),
    unplaced,
  };
}
