// The quality module's reads of the register: through the register's read interface for quality
// only (migration 041: views registry_quality_*), never the register's tables. Unaudited here:
// the callers audit what they hand to an officer (service.ts, review.ts).
import type { Sql, Tx } from '../db/connect.ts';

/** Persons per range of birth dates the duplicate detection works on at a time. */
const PERSONS_PER_RANGE = 100_000;

/**
 * Boundaries of ranges of birth dates holding about as many persons each: the planner's
 * histogram of person.birth_date (no scan) between the earliest date of birth and the day after
 * the latest (two index probes); one range over everything when there is no histogram yet.
 */
export async function birthDateBounds(sql: Sql): Promise<string[]> {
  const [ends] = await sql<{ first: string | null; after: string | null }[]>`
    select min(birth_date) as first, max(birth_date) + 1 as after from registry_quality_person`;
  if (!ends?.first || !ends.after) return [];
  const [row] = await sql<{ bounds: string[] | null; persons: number }[]>`
    select bounds, persons from registry_quality_birth_date_bounds`;
  // Every k-th boundary of the histogram, for ranges of about PERSONS_PER_RANGE persons: fewer
  // statements to plan, each still sorting only a day at a time.
  const all = (row?.bounds ?? []).filter((d) => d > ends.first! && d < ends.after!);
  const k = Math.max(1, Math.round(PERSONS_PER_RANGE / Math.max(1, (row?.persons ?? 0) / Math.max(1, all.length + 1))));
  const inner = all.filter((_, i) => (i + 1) % k === 0);
  return [...new Set([ends.first, ...inner, ends.after])];
}

/** Residents per (today's commune, province, recorded unit): the denominators of the reports. */
export async function populationByUnit(sql: Sql): Promise<{ commune_id: string | null; province_id: string | null; unit_id: string | null; persons: number }[]> {
  return sql`
    select current_commune_id as commune_id, current_province_id as province_id, current_unit_id as unit_id, count(*)::int as persons
    from registry_quality_person group by 1, 2, 3`;
}

/** What a reviewer compares, per person. */
export interface MatchRow {
  id_number: string; full_name: string; birth_date: string; sex: 'male' | 'female'; place_of_birth: string | null;
  native_place: string | null; ethnicity: string; religion: string; blood_type: string | null; old_id_number: string | null;
  phone: string | null; email: string | null; current_unit_id: string | null; current_commune_id: string | null;
  current_province_id: string | null; current_address: string | null; household_id: string | null; marital_status: string;
  death_date: string | null; father_name: string | null; mother_name: string | null; spouse_name: string | null;
}

/** The persons of these numbers (those still in the register) as the reviewer compares them. */
export async function matchRows(sql: Sql | Tx, idNumbers: string[]): Promise<Map<string, MatchRow>> {
  if (idNumbers.length === 0) return new Map();
  const rows = await sql<MatchRow[]>`
    select id_number, full_name, birth_date, sex, place_of_birth, native_place, ethnicity, religion, blood_type, old_id_number,
           phone, email, current_unit_id, current_commune_id, current_province_id, current_address, household_id::text as household_id,
           marital_status, death_date, father_name, mother_name, spouse_name
    from registry_quality_match where id_number = any(${sql.array(idNumbers)}::char(12)[])`;
  return new Map(rows.map((r) => [r.id_number, r]));
}
