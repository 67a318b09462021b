// Where synthetic people live: real communes of both generations, from admin_unit and
// admin_unit_succession, drawn in proportion to the 2019 population of their province.
//
// A draw starts from a generation-1 commune (the unit a household registered before 1 July 2025
// has on file), weighted by its province's 2019 population divided by the province's number of
// communes, then takes one of its generation-2 successors (the unit the household lives in
// today; a split commune's successors are equally likely). So both units of a household are
// consistent with the succession table by construction.
import type { Sql } from '../db/connect.ts';
import { PROVINCE_POPULATION_2019 } from './reference-data.ts';
import { WeightedPicker } from './random.ts';

export interface Commune {
  /** Generation-1 commune id, e.g. '1:00001'. */
  readonly oldId: string;
  readonly oldName: string;
  /** Generation-1 province statistics code, e.g. '01'. */
  readonly oldProvinceCode: string;
  /** Generation-2 successors of the old commune (restricted to the chosen province, if any). */
  readonly successors: readonly { id: string; name: string; provinceCode: string }[];
}

export interface Geography {
  readonly communes: WeightedPicker<Commune>;
  /** Generation-1 provinces by 2019 population (places of birth registration of migrants). */
  readonly provinces: WeightedPicker<string>;
  /** Names of provinces by unit id ('1:01', '2:01'). */
  readonly provinceNames: ReadonlyMap<string, string>;
}

export class UnknownProvinceError extends Error {
  readonly code = 'ERR_UNKNOWN_PROVINCE';
}

/**
 * The generation-2 province id for a `--province` argument: a 2-digit code of a province in
 * force since 1 July 2025 ('01', '79') or its unit id ('2:01'). Throws UnknownProvinceError.
 */
export async function resolveProvince(sql: Sql, arg: string): Promise<string> {
  const id = /^\d{2}$/.test(arg) ? `2:${arg}` : arg;
  const [row] = /^2:\d{2}$/.test(id)
    ? await sql<{ id: string }[]>`select id from admin_unit where id = ${id} and level = 'province'`
    : [];
  if (!row) {
    const rows = await sql<{ code: string }[]>`select code from admin_unit where generation = 2 and level = 'province' order by code`;
    throw new UnknownProvinceError(`--province must be the 2-digit code of a province in force since 2025-07-01 (or its unit id 2:CC), one of ${rows.map((r) => r.code).join(' ')}; got "${arg}"`);
  }
  return row.id;
}

export async function loadGeography(sql: Sql, provinceId?: string): Promise<Geography> {
  const rows = await sql<{ old_id: string; old_name: string; old_province: string; new_id: string; new_name: string; new_province: string }[]>`
    select o.id as old_id, o.name as old_name, op.code as old_province,
           n.id as new_id, n.name as new_name, np.code as new_province
    from admin_unit o
    join admin_unit op on op.id = o.province_id
    join admin_unit_succession s on s.predecessor_id = o.id
    join admin_unit n on n.id = s.successor_id and n.level = 'commune'
    join admin_unit np on np.id = n.province_id
    where o.generation = 1 and o.level = 'commune'
      ${provinceId ? sql`and n.province_id = ${provinceId}` : sql``}
    order by o.id, n.id`;
  const byOld = new Map<string, { oldId: string; oldName: string; oldProvinceCode: string; successors: { id: string; name: string; provinceCode: string }[] }>();
  for (const r of rows) {
    let c = byOld.get(r.old_id);
    if (!c) byOld.set(r.old_id, (c = { oldId: r.old_id, oldName: r.old_name, oldProvinceCode: r.old_province, successors: [] }));
    c.successors.push({ id: r.new_id, name: r.new_name, provinceCode: r.new_province });
  }
  if (byOld.size === 0) throw new Error('no communes with a successor: are the administrative units loaded (cancuoc migrate)?');
  const perProvince = new Map<string, number>();
  for (const c of byOld.values()) perProvince.set(c.oldProvinceCode, (perProvince.get(c.oldProvinceCode) ?? 0) + 1);
  const weightOf = (code: string) => PROVINCE_POPULATION_2019[code] ?? 500;
  const communes = new WeightedPicker([...byOld.values()].map((c) => [c, weightOf(c.oldProvinceCode) / perProvince.get(c.oldProvinceCode)!] as const));
  const provinceRows = await sql<{ id: string; code: string; generation: number; name: string }[]>`
    select id, code, generation, name from admin_unit where level = 'province' order by id`;
  const provinces = new WeightedPicker(provinceRows.filter((p) => p.generation === 1).map((p) => [p.code, weightOf(p.code)] as const));
  return { communes, provinces, provinceNames: new Map(provinceRows.map((p) => [p.id, p.name])) };
}
