// Loads the two generations of administrative units and the 1 July 2025 succession from the
// dvhcvn dataset shipped in packages/server/data/admin-units (MIT). Idempotent: run by every
// `cancuoc migrate`, it inserts only what is missing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Sql } from '../db/connect.ts';

const DATA_DIR = fileURLToPath(new URL('../../data/admin-units/', import.meta.url));
/** Last day of generation 1, first day of generation 2 (Resolution 202/2025/QH15). */
export const REORGANISATION_DATE = '2025-07-01';
const LAST_DAY_OF_GENERATION_1 = '2025-06-30';

interface SplitsFile {
  data: { level1_id: string; name: string; splits: { new_id: string }[];
    level3s: { level3_id: string; name: string; splits: { new_id: string }[] }[] }[];
}
interface MergesFile {
  data: { level1_id: string; name: string;
    level2s: { level2_id: string; name: string; merges: { old_id: string; type: 'full' | 'partial' }[] }[] }[];
}

export const unitId = (generation: 1 | 2, code: string) => `${generation}:${code}`;

interface UnitRow { id: string; generation: number; level: string; code: string; name: string;
  province_id: string | null; valid_from: string | null; valid_to: string | null }

export function readAdminUnitData(): { units: UnitRow[]; successions: { predecessor_id: string; successor_id: string; partial: boolean }[] } {
  const splits = JSON.parse(readFileSync(DATA_DIR + 'splits-2025.json', 'utf8')) as SplitsFile;
  const merges = JSON.parse(readFileSync(DATA_DIR + 'merges-2025.json', 'utf8')) as MergesFile;
  const units: UnitRow[] = [];
  const successions: { predecessor_id: string; successor_id: string; partial: boolean }[] = [];
  const nfc = (s: string) => s.normalize('NFC').trim();

  for (const p of merges.data) {
    const pid = unitId(2, p.level1_id);
    units.push({ id: pid, generation: 2, level: 'province', code: p.level1_id, name: nfc(p.name), province_id: null, valid_from: REORGANISATION_DATE, valid_to: null });
    for (const c of p.level2s) {
      units.push({ id: unitId(2, c.level2_id), generation: 2, level: 'commune', code: c.level2_id, name: nfc(c.name), province_id: pid, valid_from: REORGANISATION_DATE, valid_to: null });
    }
  }
  // The merges file says, per new commune, whether each old commune went into it fully or in part.
  const partialByPair = new Map<string, boolean>();
  for (const p of merges.data) for (const c of p.level2s) for (const m of c.merges) {
    partialByPair.set(`${m.old_id}>${c.level2_id}`, m.type === 'partial');
  }
  for (const p of splits.data) {
    const pid = unitId(1, p.level1_id);
    units.push({ id: pid, generation: 1, level: 'province', code: p.level1_id, name: nfc(p.name), province_id: null, valid_from: null, valid_to: LAST_DAY_OF_GENERATION_1 });
    for (const s of p.splits) successions.push({ predecessor_id: pid, successor_id: unitId(2, s.new_id), partial: p.splits.length > 1 });
    for (const c of p.level3s) {
      const cid = unitId(1, c.level3_id);
      units.push({ id: cid, generation: 1, level: 'commune', code: c.level3_id, name: nfc(c.name), province_id: pid, valid_from: null, valid_to: LAST_DAY_OF_GENERATION_1 });
      for (const s of c.splits) {
        const partial = partialByPair.get(`${c.level3_id}>${s.new_id}`) ?? c.splits.length > 1;
        successions.push({ predecessor_id: cid, successor_id: unitId(2, s.new_id), partial });
      }
    }
  }
  return { units, successions };
}

export async function loadAdminUnits(sql: Sql): Promise<{ inserted: number }> {
  const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from admin_unit`;
  const { units, successions } = readAdminUnitData();
  if (count >= units.length) return { inserted: 0 };
  await sql.begin(async (tx) => {
    // Provinces first: communes reference them. unnest() turns the arrays into one set-based insert.
    for (const level of ['province', 'commune']) {
      const rows = units.filter((u) => u.level === level);
      await tx`
        insert into admin_unit (id, generation, level, code, name, province_id, valid_from, valid_to)
        select * from unnest(
          ${tx.array(rows.map((r) => r.id))}::text[], ${tx.array(rows.map((r) => r.generation))}::smallint[],
          ${tx.array(rows.map((r) => r.level))}::text[], ${tx.array(rows.map((r) => r.code))}::text[],
          ${tx.array(rows.map((r) => r.name))}::text[], ${tx.array(rows.map((r) => r.province_id) as string[])}::text[],
          ${tx.array(rows.map((r) => r.valid_from) as string[])}::date[], ${tx.array(rows.map((r) => r.valid_to) as string[])}::date[])
        on conflict (id) do nothing`;
    }
    await tx`
      insert into admin_unit_succession (predecessor_id, successor_id, partial)
      select * from unnest(${tx.array(successions.map((s) => s.predecessor_id))}::text[],
        ${tx.array(successions.map((s) => s.successor_id))}::text[], ${tx.array(successions.map((s) => s.partial))}::boolean[])
      on conflict do nothing`;
  });
  return { inserted: units.length - count };
}
