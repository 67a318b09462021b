// Administrative units as of a date, and the way from a unit of 2024 to today's (DESIGN.md §6:
// addresses are stored with the unit valid at the time; views show today's name as well).
import type { Sql } from '../db/connect.ts';

export { unitIndex, UnitIndex, type Unit, type UnitView, type SuccessorRef } from './unit-index.ts';

export interface AdminUnit {
  id: string; generation: number; level: 'province' | 'commune'; code: string; name: string;
  provinceId: string | null; validFrom: string | null; validTo: string | null;
}
export interface Successor { id: string; name: string; partial: boolean }

const columns = (sql: Sql) => sql`id, generation, level, code, name, province_id as "provinceId", valid_from as "validFrom", valid_to as "validTo"`;

export async function listUnits(sql: Sql, q: { level: 'province' | 'commune'; at: string; provinceId?: string; name?: string; limit: number; offset: number }) {
  const where = sql`
    level = ${q.level}
    and (valid_from is null or valid_from <= ${q.at}::date) and (valid_to is null or valid_to >= ${q.at}::date)
    ${q.provinceId ? sql`and province_id = ${q.provinceId}` : sql``}
    ${q.name ? sql`and immutable_unaccent(lower(name)) like '%' || immutable_unaccent(lower(${q.name})) || '%'` : sql``}`;
  const [{ total }] = await sql<{ total: number }[]>`select count(*)::int as total from admin_unit where ${where}`;
  const items = await sql<AdminUnit[]>`select ${columns(sql)} from admin_unit where ${where} order by code limit ${q.limit} offset ${q.offset}`;
  return { total, items };
}

export async function unitById(sql: Sql, id: string): Promise<AdminUnit | undefined> {
  const [u] = await sql<AdminUnit[]>`select ${columns(sql)} from admin_unit where id = ${id}`;
  return u;
}

/** The generation-2 units a unit lives on in today (itself when it is already current). */
export async function successorsOf(sql: Sql, id: string): Promise<Successor[]> {
  return sql<Successor[]>`
    select u.id, u.name, s.partial from admin_unit_succession s join admin_unit u on u.id = s.successor_id
    where s.predecessor_id = ${id} order by s.partial, u.code`;
}

export async function predecessorsOf(sql: Sql, id: string): Promise<Successor[]> {
  return sql<Successor[]>`
    select u.id, u.name, s.partial from admin_unit_succession s join admin_unit u on u.id = s.predecessor_id
    where s.successor_id = ${id} order by u.code`;
}
