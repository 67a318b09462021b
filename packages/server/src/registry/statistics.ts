// Aggregates of the register for the dashboards (issue 23): population per province under either
// generation of units, births and deaths per month, and completeness of the fields the law
// requires. Computed in SQL over `person` (this module owns it); the caller's scope is part of
// the WHERE clause, so a province officer's figures never include another province.
//
// Cost: each call reads the persons of its scope once (population, completeness) or an index range
// (births/deaths per month); at 1 M persons well under a second. At national scale these would be
// kept as rollups refreshed by the write path; docs/web.md says so.
import { jurisdictionScope, requireRole } from '../auth/access.ts';
import type { Officer, Role } from '../auth/officers.ts';
import type { Sql } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';

/** Dashboards are for provincial and central officers (and administrators); see docs/web.md. */
export const STATISTICS_ROLES: readonly Role[] = ['admin', 'central', 'province'];

/** The province (generation 2) the officer's figures are limited to, or null for nationwide. */
export function statisticsScope(officer: Officer): string | null {
  requireRole(officer, STATISTICS_ROLES);
  const scope = jurisdictionScope(officer);
  if (scope.level === 'national') return null;
  if (scope.level === 'province') return scope.id;
  throw new ProblemError('forbidden', 'dashboards are for provincial and central officers');
}

/**
 * Which generation-1 province a recorded residence lies in. A generation-1 commune names it; a
 * generation-2 commune (addresses recorded since 1 July 2025) is traced back through the
 * succession to its predecessor communes: 3,313 of the 3,321 lie in one old province, the other 8
 * straddle two and are given to the one most of their predecessors were in (`exact` false).
 */
const GENERATION_1_PROVINCE_OF_UNIT = `
  select id as unit_id, province_id as province1_id, true as exact
  from admin_unit where generation = 1 and level = 'commune'
  union all
  select successor_id, province1_id, n_provinces = 1
  from (
    select s.successor_id, u.province_id as province1_id,
           count(*) over (partition by s.successor_id) as n_provinces,
           row_number() over (partition by s.successor_id order by count(*) desc, u.province_id) as rank
    from admin_unit_succession s join admin_unit u on u.id = s.predecessor_id and u.level = 'commune'
    group by s.successor_id, u.province_id
  ) t where rank = 1`;

export interface ProvincePopulation { provinceId: string; provinceName: string; living: number; deceased: number }

export async function populationByProvince(sql: Sql, generation: 1 | 2, scope: string | null) {
  const inScope = scope ? sql`and current_province_id = ${scope}` : sql``;
  let items: ProvincePopulation[];
  let approximate = 0;
  if (generation === 2) {
    items = await sql<ProvincePopulation[]>`
      select u.id as "provinceId", u.name as "provinceName", coalesce(c.living, 0)::int as living, coalesce(c.deceased, 0)::int as deceased
      from admin_unit u left join (
        select current_province_id, count(*) filter (where death_date is null) as living, count(*) filter (where death_date is not null) as deceased
        from person where current_province_id is not null ${inScope} group by current_province_id
      ) c on c.current_province_id = u.id
      where u.generation = 2 and u.level = 'province' ${scope ? sql`and u.id = ${scope}` : sql``}
      order by u.code`;
  } else {
    const rows = await sql<(ProvincePopulation & { approximate: number })[]>`
      with by_unit as (
        select current_unit_id, count(*) filter (where death_date is null) as living, count(*) filter (where death_date is not null) as deceased
        from person where current_unit_id is not null ${inScope} group by current_unit_id
      ), by_province as (
        select m.province1_id, sum(b.living) as living, sum(b.deceased) as deceased,
               sum(b.living + b.deceased) filter (where not m.exact) as approximate
        from by_unit b join (${sql.unsafe(GENERATION_1_PROVINCE_OF_UNIT)}) m on m.unit_id = b.current_unit_id
        group by m.province1_id
      )
      select u.id as "provinceId", u.name as "provinceName", coalesce(p.living, 0)::int as living,
             coalesce(p.deceased, 0)::int as deceased, coalesce(p.approximate, 0)::int as approximate
      from admin_unit u left join by_province p on p.province1_id = u.id
      where u.generation = 1 and u.level = 'province' ${scope ? sql`and p.province1_id is not null` : sql``}
      order by u.code`;
    approximate = rows.reduce((n, r) => n + r.approximate, 0);
    items = rows.map(({ approximate: _a, ...r }) => r);
  }
  const [{ unplaced }] = await sql<{ unplaced: number }[]>`
    select count(*)::int as unplaced from person where current_province_id is null and death_date is null`;
  return { generation, items, approximate, unplaced: scope ? 0 : unplaced };
}

/** Births (by date of birth) and deaths (by date of death) per calendar month, oldest first. */
export async function vitalEventsByMonth(sql: Sql, from: string, to: string, scope: string | null) {
  const first = `${from}-01`;
  const inScope = scope ? sql`and current_province_id = ${scope}` : sql``;
  const rows = await sql<{ month: string; births: number; deaths: number }[]>`
    with months as (
      select to_char(m, 'YYYY-MM') as month from generate_series(${first}::date, ${`${to}-01`}::date, interval '1 month') m
    ), b as (
      select to_char(birth_date, 'YYYY-MM') as month, count(*) as n from person
      where birth_date >= ${first}::date and birth_date < (${`${to}-01`}::date + interval '1 month') ${inScope} group by 1
    ), d as (
      select to_char(death_date, 'YYYY-MM') as month, count(*) as n from person
      where death_date is not null and death_date >= ${first}::date and death_date < (${`${to}-01`}::date + interval '1 month') ${inScope} group by 1
    )
    select months.month, coalesce(b.n, 0)::int as births, coalesce(d.n, 0)::int as deaths
    from months left join b using (month) left join d using (month) order by months.month`;
  return { from, to, months: rows };
}

/**
 * The fields the law requires of every living person (or of those it applies to), each as a
 * rule "applies to" + "filled" in SQL over `person`. The 26 fields of the National Population
 * Database (DESIGN.md §6) that are recorded only when they exist or on request — other names,
 * blood type (collected on request with a test result), old ID and previous card, temporary
 * residence and absence, date of death or missing, phone, email, children — are not counted.
 * Columns the schema declares NOT NULL are listed too: they are complete by construction, and a
 * dashboard that left them out would look as if they were not checked.
 */
export const COMPLETENESS_FIELDS = [
  { field: 'fullName', appliesTo: 'everyone', applies: 'true', filled: 'full_name is not null' },
  { field: 'birthDate', appliesTo: 'everyone', applies: 'true', filled: 'birth_date is not null' },
  { field: 'sex', appliesTo: 'everyone', applies: 'true', filled: 'sex is not null' },
  { field: 'placeOfBirth', appliesTo: 'everyone', applies: 'true', filled: 'place_of_birth is not null' },
  { field: 'birthRegistrationUnit', appliesTo: 'everyone', applies: 'true', filled: 'birth_registration_unit_id is not null' },
  { field: 'nativePlace', appliesTo: 'everyone', applies: 'true', filled: 'native_place is not null' },
  { field: 'ethnicity', appliesTo: 'everyone', applies: 'true', filled: 'ethnicity is not null' },
  { field: 'religion', appliesTo: 'everyone', applies: 'true', filled: 'religion is not null' },
  { field: 'nationality', appliesTo: 'everyone', applies: 'true', filled: 'nationality is not null' },
  { field: 'father', appliesTo: 'everyone (name or ID number)', applies: 'true', filled: '(father_id is not null or father_name is not null)' },
  { field: 'mother', appliesTo: 'everyone (name or ID number)', applies: 'true', filled: '(mother_id is not null or mother_name is not null)' },
  { field: 'spouse', appliesTo: 'married persons', applies: "marital_status = 'married'", filled: '(spouse_id is not null or spouse_name is not null)' },
  { field: 'legalRepresentative', appliesTo: 'minors with neither parent recorded', applies: "birth_date > current_date - interval '18 years' and father_id is null and father_name is null and mother_id is null and mother_name is null", filled: '(legal_representative_id is not null or legal_representative_name is not null)' },
  { field: 'permanentResidence', appliesTo: 'everyone', applies: 'true', filled: 'permanent_unit_id is not null and permanent_address is not null' },
  { field: 'currentResidence', appliesTo: 'everyone', applies: 'true', filled: 'current_unit_id is not null' },
  { field: 'household', appliesTo: 'persons with a permanent residence (residence file number, household head)', applies: 'permanent_unit_id is not null', filled: 'household_id is not null' },
  { field: 'relationshipToHead', appliesTo: 'household members', applies: 'household_id is not null', filled: 'relationship_to_head is not null' },
  { field: 'maritalStatus', appliesTo: 'everyone', applies: 'true', filled: 'marital_status is not null' },
] as const;

export interface FieldCompleteness { applicable: number; filled: number }

export async function completenessByProvince(sql: Sql, generation: 1 | 2, scope: string | null) {
  // Two counts per field, computed in one pass over the scope's living persons.
  const counts = COMPLETENESS_FIELDS.map((f, i) =>
    `count(*) filter (where ${f.applies})::int as a${i}, count(*) filter (where (${f.applies}) and ${f.filled})::int as f${i}`).join(',\n      ');
  const inScope = scope ? sql`and current_province_id = ${scope}` : sql``;
  let rows: Record<string, unknown>[];
  if (generation === 2) {
    rows = await sql`
      select u.id as "provinceId", u.name as "provinceName", c.*
      from admin_unit u left join (
        select current_province_id, count(*)::int as persons, ${sql.unsafe(counts)}
        from person where death_date is null and current_province_id is not null ${inScope} group by current_province_id
      ) c on c.current_province_id = u.id
      where u.generation = 2 and u.level = 'province' ${scope ? sql`and u.id = ${scope}` : sql``}
      order by u.code`;
  } else {
    rows = await sql`
      select u.id as "provinceId", u.name as "provinceName", c.*
      from admin_unit u left join (
        select m.province1_id, count(*)::int as persons, ${sql.unsafe(counts)}
        from person p join (${sql.unsafe(GENERATION_1_PROVINCE_OF_UNIT)}) m on m.unit_id = p.current_unit_id
        where death_date is null ${inScope} group by m.province1_id
      ) c on c.province1_id = u.id
      where u.generation = 1 and u.level = 'province' ${scope ? sql`and c.province1_id is not null` : sql``}
      order by u.code`;
  }
  return {
    generation,
    fields: COMPLETENESS_FIELDS.map((f) => ({ field: f.field, appliesTo: f.appliesTo })),
    items: rows.map((r) => ({
      provinceId: r.provinceId as string, provinceName: r.provinceName as string, persons: (r.persons as number | null) ?? 0,
      fields: Object.fromEntries(COMPLETENESS_FIELDS.map((f, i) => [f.field, { applicable: (r[`a${i}`] as number | null) ?? 0, filled: (r[`f${i}`] as number | null) ?? 0 }])),
    })),
  };
}
