// The register's SQL, explicit, in one place, with the row types it returns. Functions taking a
// transaction end in `InTx` (they must run inside the caller's `sql.begin`).
import type { JurisdictionScope } from '../auth/access.ts';
import type { Sql, Tx } from '../db/connect.ts';
import type { DataColumn } from './fields.ts';

export type Sex = 'male' | 'female';
export type MaritalStatus = 'single' | 'married' | 'divorced' | 'widowed';

/** A `person` row (search_name left out). Dates are 'YYYY-MM-DD' strings, bigint ids strings. */
export interface PersonRow {
  id_number: string;
  full_name: string;
  other_names: string[];
  birth_date: string;
  sex: Sex;
  place_of_birth: string | null;
  birth_registration_unit_id: string | null;
  native_place: string | null;
  ethnicity: string;
  religion: string;
  nationality: string;
  blood_type: string | null;
  old_id_number: string | null;
  previous_card: { issueDate?: string; issuePlace?: string; expiryDate?: string } | null;
  father_id: string | null;
  father_name: string | null;
  mother_id: string | null;
  mother_name: string | null;
  spouse_id: string | null;
  spouse_name: string | null;
  legal_representative_id: string | null;
  legal_representative_name: string | null;
  permanent_unit_id: string | null;
  permanent_address: string | null;
  temporary_unit_id: string | null;
  temporary_address: string | null;
  temporary_until: string | null;
  current_unit_id: string | null;
  current_address: string | null;
  temporary_absence: Record<string, unknown> | null;
  current_commune_id: string | null;
  current_province_id: string | null;
  household_id: string | null;
  relationship_to_head: string | null;
  marital_status: MaritalStatus;
  death_date: string | null;
  missing_since: string | null;
  phone: string | null;
  email: string | null;
  version: number;
  updated_at: Date;
  updated_by: string;
  legal_basis: string;
}

export type PersonData = Pick<PersonRow, DataColumn>;
export type PersonChanges = Partial<Omit<PersonData, 'id_number'>>;

export const PERSON_COLUMNS = `id_number, full_name, other_names, birth_date, sex, place_of_birth, birth_registration_unit_id,
  native_place, ethnicity, religion, nationality, blood_type, old_id_number, previous_card, father_id, father_name,
  mother_id, mother_name, spouse_id, spouse_name, legal_representative_id, legal_representative_name,
  permanent_unit_id, permanent_address, temporary_unit_id, temporary_address, temporary_until, current_unit_id,
  current_address, temporary_absence, current_commune_id, current_province_id, household_id::text as household_id,
  relationship_to_head, marital_status, death_date, missing_since, phone, email, version, updated_at, updated_by, legal_basis`;

/** The current row, locked until the end of the transaction (every write starts here). */
export async function lockPersonInTx(tx: Tx, idNumber: string): Promise<PersonRow | undefined> {
  const [row] = await tx.unsafe<PersonRow[]>(`select ${PERSON_COLUMNS} from person where id_number = $1 for update`, [idNumber], { prepare: true });
  return row;
}

export async function personRow(sql: Sql | Tx, idNumber: string): Promise<PersonRow | undefined> {
  const [row] = await sql.unsafe<PersonRow[]>(`select ${PERSON_COLUMNS} from person where id_number = $1`, [idNumber], { prepare: true });
  return row;
}

/**
 * The part of a person's full view that comes from other rows, kept on the person's own row
 * (`person.document`, migration 017; documents.ts keeps it current): relatives' names and
 * nationalities, children, household.
 */
export interface PersonDocument {
  father: RelativeDoc | null;
  mother: RelativeDoc | null;
  spouse: RelativeDoc | null;
  legalRepresentative: RelativeDoc | null;
  children: { idNumber: string; fullName: string; nationality: string }[];
  household: { fileNumber: string; headId: string | null; headName: string | null; unitId: string; address: string } | null;
}
export interface RelativeDoc { fullName: string; nationality: string }

/** What GET /persons/{id} needs: the person's row, document included. */
export interface LookupRow extends PersonRow {
  document: PersonDocument;
}

// THE hot path reads one row by its primary key: the person's columns and their document.
const LOOKUP_COLUMNS = `
    p.id_number, p.full_name, p.other_names, p.birth_date, p.sex, p.place_of_birth, p.birth_registration_unit_id,
    p.native_place, p.ethnicity, p.religion, p.nationality, p.blood_type, p.old_id_number, p.previous_card,
    p.father_id, p.father_name, p.mother_id, p.mother_name, p.spouse_id, p.spouse_name,
    p.legal_representative_id, p.legal_representative_name, p.permanent_unit_id, p.permanent_address,
    p.temporary_unit_id, p.temporary_address, p.temporary_until, p.current_unit_id, p.current_address,
    p.temporary_absence, p.current_commune_id, p.current_province_id, p.household_id::text as household_id,
    p.relationship_to_head, p.marital_status, p.death_date, p.missing_since, p.phone, p.email,
    p.version, p.updated_at, p.updated_by, p.legal_basis, p.document`;

const LOOKUP = `select ${LOOKUP_COLUMNS} from person p where p.id_number = any($1::char(12)[])`;

export async function lookupPerson(sql: Sql | Tx, idNumber: string): Promise<LookupRow | undefined> {
  const [row] = await lookupPersons(sql, [idNumber]);
  return row;
}

/** The lookup rows of the persons that exist among `idNumbers`, in no particular order. */
export function lookupPersons(sql: Sql | Tx, idNumbers: string[]): Promise<LookupRow[]> {
  return sql.unsafe<LookupRow[]>(LOOKUP, [idNumbers as never], { prepare: true }) as unknown as Promise<LookupRow[]>;
}

/**
 * Keeps documents current after a write, in its transaction (migration 017,
 * refresh_person_documents): the persons written, everyone whose document shows them, and the
 * members of the households given (those a written person left).
 */
export async function refreshDocumentsInTx(tx: Tx, persons: string[], households: (string | null)[]): Promise<void> {
  const h = households.filter((x): x is string => x !== null);
  await tx`select refresh_person_documents(${persons}::char(12)[], ${h}::bigint[])`;
}

/** Builds the documents of every person that has none (after a bulk load), set-based. */
export async function buildMissingDocumentsInTx(tx: Tx): Promise<number> {
  const r = await tx`update person p set document = v.document from person_document_view v where v.id_number = p.id_number and p.document is null`;
  return r.count;
}

/**
 * Builds every document after an initial load (a seed or an import into an empty register), while
 * the person table's indexes and triggers are dropped (population/bulk-load.ts keeps only a key
 * that other tables' foreign keys need): person_document_view's definition (migration 017) in
 * set form. The view probes an index per relative and runs the children query once per
 * person; here the children are aggregated per parent in one pass and the relatives are
 * hash-joined, into a temporary table, which one UPDATE then writes with little but the heap
 * to maintain. The tests compare every document built this way with the view (staleDocuments).
 */
export async function buildAllDocumentsAfterInitialLoadInTx(tx: Tx): Promise<number> {
  // Fresh statistics, or the planner takes the unindexed 10⁶-row tables for empty ones and
  // nests loops over them.
  await tx`analyze person`;
  await tx`analyze household`;
  await tx`set local work_mem = '256MB'`;
  await tx`
    create temporary table person_document_built on commit drop as
    with children as (
      -- A child is listed under both parents' columns once (the view's second branch).
      select c.parent_id, jsonb_agg(jsonb_build_object('idNumber', c.id_number, 'fullName', c.full_name, 'nationality', c.nationality)
                                    order by c.birth_date, c.id_number) as children
      from (select father_id as parent_id, id_number, full_name, nationality, birth_date from person where father_id is not null
            union all
            select mother_id, id_number, full_name, nationality, birth_date from person
            where mother_id is not null and father_id is distinct from mother_id) c
      group by c.parent_id
    )
    select p.id_number, jsonb_build_object(
        'father', case when p.father_id is null then null else jsonb_build_object('fullName', f.full_name, 'nationality', f.nationality) end,
        'mother', case when p.mother_id is null then null else jsonb_build_object('fullName', m.full_name, 'nationality', m.nationality) end,
        'spouse', case when p.spouse_id is null then null else jsonb_build_object('fullName', s.full_name, 'nationality', s.nationality) end,
        'legalRepresentative', case when p.legal_representative_id is null then null
                                    else jsonb_build_object('fullName', r.full_name, 'nationality', r.nationality) end,
        'children', coalesce(k.children, '[]'::jsonb),
        'household', case when p.household_id is null then null else jsonb_build_object(
          'fileNumber', h.file_number, 'headId', h.head_id, 'headName', hh.full_name, 'unitId', h.unit_id, 'address', h.address_line) end
      ) as document
    from person p
    left join person f on f.id_number = p.father_id
    left join person m on m.id_number = p.mother_id
    left join person s on s.id_number = p.spouse_id
    left join person r on r.id_number = p.legal_representative_id
    left join household h on h.id = p.household_id
    left join person hh on hh.id_number = h.head_id
    left join children k on k.parent_id = p.id_number`;
  const r = await tx`update person p set document = d.document from person_document_built d where d.id_number = p.id_number`;
  await tx`drop table person_document_built`;
  return r.count;
}

/** The documents as the tables give them now (person_document_view): what the stored ones must equal. */
export async function computedDocuments(sql: Sql | Tx, idNumbers: string[]): Promise<Map<string, PersonDocument>> {
  const rows = await sql<{ id_number: string; document: PersonDocument }[]>`
    select id_number, document from person_document_view where id_number = any(${idNumbers}::char(12)[])`;
  return new Map(rows.map((r) => [r.id_number, r.document]));
}

/** One officer's request to read one person, as the audited read needs it. */
export interface ReadRequest {
  idNumber: string;
  actor: string;
  requestId: string | null;
  /** Where the officer may read (auth/access.ts jurisdictionScope): nationwide, a unit, or nowhere. */
  scope: JurisdictionScope;
}

export type ReadAction = 'person.read' | 'person.read.not-found' | 'person.read.refused' | 'person.read.retired';
/** A read's outcome; the person's columns are null unless the action is person.read. */
export type ReadRow = LookupRow & { ord: number; action: ReadAction; audit_seq: string };

// Reads persons for officers AND audits every read in the same statement (one round trip, one
// commit, instead of a lookup and then an audit append each waiting their turn):
//   looked  reads each asked-for person's row, document included (no join: the person document,
//           migration 017), if the officer's scope covers their current residence (the rule of
//           auth/access.ts inJurisdiction, which readPerson checks again on the returned row); a
//           person outside the scope comes back as nulls. Only for those rows does a second probe tell a refusal from a
//           miss, so an allowed read costs one probe of person (measured at 16 per batch:
//           ~110 µs of PostgreSQL CPU per read, against ~117 µs with a separate deciding CTE);
//   audit   appends one entry per request through audit_append() (migration 016: an insert
//           and a queue row each, no lock; the sequencer puts them into the Merkle tree).
// MATERIALIZED CTEs run once; `audit` runs because the select list needs its result.
const READ_AUDITED = `
  with looked as materialized (
    select q.ord::int as ord,
      case when p.id_number is not null then 'person.read'
           when exists (select from person x where x.id_number = q.id) then 'person.read.refused'
           when exists (select from person_retired r where r.id_number = q.id) then 'person.read.retired'
           else 'person.read.not-found' end as action,
      q.id as asked_id, q.actor as asked_by, q.request_id as asked_in, ${LOOKUP_COLUMNS}
    from unnest($2::char(12)[], $3::text[], $4::text[], $5::text[], $6::text[])
         with ordinality as q(id, actor, request_id, scope_level, scope_id, ord)
    left join person p on p.id_number = q.id
      and (case q.scope_level when 'national' then true
                              when 'province' then p.current_province_id = q.scope_id
                              when 'commune' then p.current_commune_id = q.scope_id
                              else false end)
  ), audit as materialized (
    select audit_append($1::text::timestamptz,
      array_agg(asked_by order by ord), array_agg(action order by ord), array_agg(asked_id::text order by ord),
      array_agg(asked_in order by ord),
      array_agg(case when action = 'person.read' then jsonb_build_object('version', version) else '{}'::jsonb end order by ord)
    ) as first_seq
    from looked
  )
  select (select first_seq from audit)::text as audit_seq, l.* from looked l`;

/** Audited reads, one result per request in the order given. */
export async function readPersonsAudited(sql: Sql, requests: ReadRequest[]): Promise<ReadRow[]> {
  const rows = await sql.unsafe<ReadRow[]>(READ_AUDITED, [
    new Date().toISOString(),
    requests.map((r) => r.idNumber), requests.map((r) => r.actor), requests.map((r) => r.requestId),
    requests.map((r) => r.scope.level), requests.map((r) => ('id' in r.scope ? r.scope.id : null)),
  ] as never[], { prepare: true });
  const out: ReadRow[] = new Array(requests.length);
  for (const row of rows) out[row.ord - 1] = row;
  return out;
}

export async function insertPersonInTx(tx: Tx, row: PersonData, meta: { actor: string; legalBasis: string; version?: number }): Promise<void> {
  const values = { ...toSqlValues(tx, row), version: meta.version ?? 1, updated_by: meta.actor, legal_basis: meta.legalBasis };
  await tx`insert into person ${tx(values as unknown as Record<string, never>)}`;
}

/**
 * Copies the current version into person_version (with who recorded it, when, on which legal
 * basis, valid until now) and applies the changes as version + 1. The version guard makes a
 * concurrent writer that read an older version fail instead of overwriting.
 */
export async function supersedePersonInTx(tx: Tx, idNumber: string, version: number, changes: PersonChanges,
  meta: { actor: string; legalBasis: string }): Promise<void> {
  await keepVersionInTx(tx, idNumber, version);
  const values = { ...toSqlValues(tx, changes), version: version + 1, updated_by: meta.actor, legal_basis: meta.legalBasis };
  await tx`update person set ${tx(values as unknown as Record<string, never>)}, updated_at = now() where id_number = ${idNumber}`;
}

/**
 * Ends a record (its number retired by a merge, merge.ts): the current version is kept in
 * person_version like any superseded one, valid until now, and the row leaves `person`.
 */
export async function retirePersonInTx(tx: Tx, idNumber: string, version: number): Promise<void> {
  await keepVersionInTx(tx, idNumber, version);
  await tx`delete from person where id_number = ${idNumber}`;
}

/** Copies the current row, which must be at `version`, into person_version, valid until now. */
async function keepVersionInTx(tx: Tx, idNumber: string, version: number): Promise<void> {
  const copied = await tx`
    insert into person_version (id_number, version, data, valid_from, valid_to, recorded_by, legal_basis)
    select id_number, version, to_jsonb(p) - 'search_name' - 'document' - 'version' - 'updated_at' - 'updated_by' - 'legal_basis',
           updated_at, now(), updated_by, legal_basis
    from person p where id_number = ${idNumber} and version = ${version}`;
  if (copied.count !== 1) throw new Error(`person ${idNumber} is not at version ${version}`);
}

function toSqlValues(tx: Tx, row: Partial<PersonData>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const k of ['previous_card', 'temporary_absence'] as const) {
    if (k in out && out[k] !== null && out[k] !== undefined) out[k] = tx.json(out[k] as never);
  }
  if ('other_names' in out && out.other_names) out.other_names = tx.array(out.other_names as string[]);
  return out;
}

export interface LifeEventInsert {
  idNumber: string;
  kind: 'birth' | 'residence-change' | 'marriage' | 'divorce' | 'death' | 'spouse-death' | 'missing' | 'correction' | 'household-change'
    | 'merge' | 'merge-undo';
  date: string;
  legalBasis: string;
  actor: string;
  requestId: string | null;
  details: Record<string, unknown>;
}

export async function insertLifeEventInTx(tx: Tx, e: LifeEventInsert): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into life_event (id_number, kind, event_date, legal_basis, recorded_by, request_id, details)
    values (${e.idNumber}, ${e.kind}, ${e.date}, ${e.legalBasis}, ${e.actor}, ${e.requestId}, ${tx.json(e.details as never)})
    returning id::text`;
  return row!.id;
}

/** Life events already recorded under this request id (idempotent retries). */
export async function eventsOfRequestInTx(tx: Tx, requestId: string, kind: string): Promise<{ id_number: string }[]> {
  return tx<{ id_number: string }[]>`select id_number from life_event where request_id = ${requestId} and kind = ${kind} order by id`;
}

/** True when this request already recorded this kind of event for this person. */
export async function recordedInTx(tx: Tx, requestId: string, idNumber: string, kind: LifeEventInsert['kind']): Promise<boolean> {
  const rows = await tx`select 1 from life_event where request_id = ${requestId} and id_number = ${idNumber} and kind = ${kind}`;
  return rows.length > 0;
}

/**
 * Serialises the requests that carry the same idempotency key (transaction-scoped advisory
 * lock), so two retries racing each other see each other's result instead of both applying.
 */
export async function lockRequestInTx(tx: Tx, requestId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${'life_event:' + requestId}, 0))`;
}

export async function insertOutboxInTx(tx: Tx, topic: string, key: string, payload: Record<string, unknown>): Promise<void> {
  await tx`insert into outbox_event (topic, key, payload) values (${topic}, ${key}, ${tx.json(payload as never)})`;
}

/**
 * Takes the next counter of an ID prefix (first use creates the row); the row lock serialises
 * births of the same prefix until commit, so counters are never handed out twice.
 */
export async function nextIdCounterInTx(tx: Tx, prefix: string): Promise<number> {
  const [row] = await tx<{ taken: number }[]>`
    insert into id_number_counter (prefix, next) values (${prefix}, 1)
    on conflict (prefix) do update set next = id_number_counter.next + 1 where id_number_counter.next < 1000000
    returning next - 1 as taken`;
  // No row: the counter stands at 10^6, every serial of the prefix is issued.
  return row ? row.taken : 1_000_000;
}

// ---- history and events ----

export interface VersionRow { version: number; data: Record<string, unknown>; valid_from: Date; valid_to: Date | null; recorded_by: string; legal_basis: string }

export async function personVersions(sql: Sql, idNumber: string): Promise<VersionRow[]> {
  return sql<VersionRow[]>`
    select version, data, valid_from, valid_to, recorded_by, legal_basis
    from person_version where id_number = ${idNumber} order by version desc`;
}

/** The current row as a version (same shape as person_version.data). */
export async function currentVersion(sql: Sql, idNumber: string): Promise<VersionRow | undefined> {
  const [row] = await sql<VersionRow[]>`
    select version, to_jsonb(p) - 'search_name' - 'document' - 'version' - 'updated_at' - 'updated_by' - 'legal_basis' as data,
           updated_at as valid_from, null::timestamptz as valid_to, updated_by as recorded_by, legal_basis
    from person p where id_number = ${idNumber}`;
  return row;
}

export interface EventRow { id: string; id_number: string; kind: string; event_date: string; legal_basis: string; recorded_by: string; recorded_at: Date; request_id: string | null; details: Record<string, unknown> }

/** A person's life events, newest first; withRetired adds those of the numbers merged into it. */
export async function lifeEvents(sql: Sql, idNumber: string, o: { withRetired?: boolean } = {}): Promise<EventRow[]> {
  return sql<EventRow[]>`
    select id::text, id_number, kind, event_date, legal_basis, recorded_by, recorded_at, request_id, details
    from life_event
    where ${o.withRetired
      // = any(array(…)): an index scan of life_event_person per number, not a filter over every event.
      ? sql`id_number = any(array(select ${idNumber}::char(12) union all select r.id_number from person_retired r where r.survivor = ${idNumber}))`
      : sql`id_number = ${idNumber}`}
    order by life_event.id desc`;
}

// ---- search ----

export interface SearchRow {
  id_number: string; full_name: string; birth_date: string; sex: Sex; current_unit_id: string | null;
  current_commune_id: string | null; current_province_id: string | null; death_date: string | null; score: number;
  /** Every word of the query is a whole word of the name (diacritics and case ignored). */
  whole: boolean;
}

export interface SearchQuery {
  /** As typed (NFC); reduced to the search_name form by the same SQL function. */
  name: string;
  birthDate?: string;
  provinceId?: string;
  /** A commune (with its province as provinceId): the commune's names are compared one by one. */
  communeId?: string;
  /** Similarity thresholds to try, strictest first, while fewer than offset + limit persons qualified. */
  thresholds: number[];
  limit: number;
  /** Persons to skip (pagination), in the ranking's order. */
  offset?: number;
}

/** How many of the best distinct names step 1 hands to step 2, beyond the page asked for. */
const CANDIDATE_NAMES = 50;

// A name matches when every word of the query is a whole word of it ("le" finds "le van an" and
// "nguyen thi le"; two-letter syllables have too few trigrams for similarity to find them), or
// when it is similar enough (`%`, pg_trgm: typos, missing words). The ranking puts whole-word
// matches first, then similarity, then name and place: deterministic, and the same whatever the
// threshold — each threshold's pass ranks a subset of the loosest one's candidates in the same
// order, so a stricter pass that found enough persons returns what the loosest would.
const QUERY = (tx: Tx, name: string) => tx`immutable_unaccent(lower(${name}::text))`;
const WORDS = (tx: Tx, name: string) => tx`string_to_array(immutable_unaccent(lower(${name}::text)), ' ')`;

/**
 * Name search. With a date of birth: person_birth_date narrows to that day and the few hundred
 * names left are compared. For a commune: the commune's names (person_current_commune_name).
 * Otherwise the two steps of migration 004 — the best distinct names from person_name (trigram
 * and word indexes, migration 015), then their bearers from person_search_name by equality,
 * jurisdiction included, in index order. The similarity threshold is set for this transaction
 * only; a strict one first keeps step 1 on the query's rarest trigrams, the next one is tried
 * only when too few persons qualified. Jurisdiction and filters are in the WHERE clauses, so
 * LIMIT and OFFSET count only rows the officer may see.
 */
export async function searchPersons(sql: Sql, q: SearchQuery): Promise<SearchRow[]> {
  return sql.begin(async (tx) => {
    let rows: SearchRow[] = [];
    for (const threshold of q.thresholds) {
      await tx`select set_config('pg_trgm.similarity_threshold', ${String(threshold)}, true)`;
      rows = q.birthDate ? await byDate(tx, q, q.birthDate) : q.communeId ? await byCommune(tx, q, q.communeId) : await byName(tx, q);
      // A full page means this pass had at least offset + limit persons: its page is the loosest's.
      if (rows.length >= q.limit) break;
    }
    return rows;
  }) as Promise<SearchRow[]>;
}

/** The day's names ranked from person_birth_date alone (migration 014), then the page's persons. */
function byDate(tx: Tx, q: SearchQuery, birthDate: string): Promise<SearchRow[]> {
  return tx<SearchRow[]>`
    with hits as materialized (
      select x.id_number, x.search_name, x.current_province_id, x.current_commune_id,
             similarity(x.search_name, ${QUERY(tx, q.name)})::float8 as score,
             string_to_array(x.search_name, ' ') @> ${WORDS(tx, q.name)} as whole
      from person x
      where x.birth_date = ${birthDate}
        and (x.search_name % ${QUERY(tx, q.name)} or string_to_array(x.search_name, ' ') @> ${WORDS(tx, q.name)})
        ${q.provinceId ? tx`and x.current_province_id = ${q.provinceId}` : tx``}
        ${q.communeId ? tx`and x.current_commune_id = ${q.communeId}` : tx``}
      order by whole desc, score desc, x.search_name, x.current_province_id, x.current_commune_id, x.id_number
      limit ${q.limit} offset ${q.offset ?? 0}
    )
    select p.id_number, p.full_name, p.birth_date, p.sex, p.current_unit_id, p.current_commune_id, p.current_province_id,
           p.death_date, h.score, h.whole
    from hits h join person p on p.id_number = h.id_number
    order by h.whole desc, h.score desc, h.search_name, h.current_province_id, h.current_commune_id, h.id_number`;
}

/** Every name of the commune's residents, read from person_current_commune_name (migration 005). */
function byCommune(tx: Tx, q: SearchQuery, communeId: string): Promise<SearchRow[]> {
  return tx<SearchRow[]>`
    with hits as materialized (
      select x.id_number, x.search_name, similarity(x.search_name, ${QUERY(tx, q.name)})::float8 as score,
             string_to_array(x.search_name, ' ') @> ${WORDS(tx, q.name)} as whole
      from person x
      where x.current_commune_id = ${communeId}
        and (x.search_name % ${QUERY(tx, q.name)} or string_to_array(x.search_name, ' ') @> ${WORDS(tx, q.name)})
      order by whole desc, score desc, x.search_name, x.id_number
      limit ${q.limit} offset ${q.offset ?? 0}
    )
    select p.id_number, p.full_name, p.birth_date, p.sex, p.current_unit_id, p.current_commune_id, p.current_province_id,
           p.death_date, h.score, h.whole
    from hits h join person p on p.id_number = h.id_number
    order by h.whole desc, h.score desc, h.search_name, h.id_number`;
}

function byName(tx: Tx, q: SearchQuery): Promise<SearchRow[]> {
  const wanted = (q.offset ?? 0) + q.limit;
  return tx<SearchRow[]>`
    with names as materialized (
      select search_name as name, similarity(search_name, ${QUERY(tx, q.name)})::float8 as score,
             string_to_array(search_name, ' ') @> ${WORDS(tx, q.name)} as whole
      from person_name
      where search_name % ${QUERY(tx, q.name)} or string_to_array(search_name, ' ') @> ${WORDS(tx, q.name)}
      order by whole desc, score desc, search_name
      limit ${CANDIDATE_NAMES + wanted}
    ), hits as materialized (
      select n.whole, n.score, n.name, i.current_province_id, i.current_commune_id, i.id_number
      from names n cross join lateral (
        select x.current_province_id, x.current_commune_id, x.id_number from person x
        where x.search_name = n.name
          ${q.provinceId ? tx`and x.current_province_id = ${q.provinceId}` : tx``}
          ${q.communeId ? tx`and x.current_commune_id = ${q.communeId}` : tx``}
        order by x.current_province_id, x.current_commune_id, x.id_number
        limit ${wanted}) i
      order by n.whole desc, n.score desc, n.name, i.current_province_id, i.current_commune_id, i.id_number
      limit ${q.limit} offset ${q.offset ?? 0}
    )
    select p.id_number, p.full_name, p.birth_date, p.sex, p.current_unit_id, p.current_commune_id, p.current_province_id,
           p.death_date, h.score, h.whole
    from hits h join person p on p.id_number = h.id_number
    order by h.whole desc, h.score desc, h.name, h.current_province_id, h.current_commune_id, h.id_number`;
}

// ---- households ----

export interface HouseholdRow { id: string; file_number: string; unit_id: string; address_line: string; head_id: string | null; created_at: Date }

export async function insertHouseholdInTx(tx: Tx, h: { fileNumber: string; unitId: string; address: string; headId: string | null }): Promise<HouseholdRow> {
  const [row] = await tx<HouseholdRow[]>`
    insert into household (file_number, unit_id, address_line, head_id)
    values (${h.fileNumber}, ${h.unitId}, ${h.address}, ${h.headId})
    on conflict (file_number) do nothing
    returning id::text, file_number, unit_id, address_line, head_id, created_at`;
  return row!;
}

export async function householdRow(sql: Sql | Tx, id: string, lock = false): Promise<HouseholdRow | undefined> {
  const [row] = lock
    ? await (sql as Tx)<HouseholdRow[]>`select id::text, file_number, unit_id, address_line, head_id, created_at from household where id = ${id} for update`
    : await sql<HouseholdRow[]>`select id::text, file_number, unit_id, address_line, head_id, created_at from household where id = ${id}`;
  return row;
}

/** Sets a household's head; every member's document names the head, so theirs are refreshed here. */
export async function setHouseholdHeadInTx(tx: Tx, id: string, headId: string | null): Promise<void> {
  await tx`update household set head_id = ${headId} where id = ${id}`;
  await refreshDocumentsInTx(tx, headId === null ? [] : [headId], [id]);
}

export interface MemberRow {
  id_number: string; full_name: string; birth_date: string; sex: Sex; relationship_to_head: string | null; death_date: string | null;
  current_commune_id: string | null; current_province_id: string | null;
}

export async function householdMembers(sql: Sql | Tx, id: string): Promise<MemberRow[]> {
  return sql<MemberRow[]>`
    select id_number, full_name, birth_date, sex, relationship_to_head, death_date, current_commune_id, current_province_id
    from person where household_id = ${id} order by (relationship_to_head = 'Chủ hộ') desc nulls last, birth_date, id_number`;
}

/** Next residence file number (số hồ sơ cư trú) for a commune: `<commune code>-<sequence>`. */
export async function nextFileNumberInTx(tx: Tx, unitCode: string): Promise<string> {
  const [row] = await tx<{ n: string }[]>`select nextval('household_file_seq')::text as n`;
  return `${unitCode}-${row!.n.padStart(8, '0')}`;
}
