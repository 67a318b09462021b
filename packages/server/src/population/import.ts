// `cancuoc import FILE`: persons from a CSV or NDJSON file (docs/import-format.md), all or
// nothing. Every row is validated before anything is kept: each row on its own while the file
// is streamed (file-format.ts), then every rule that involves other rows or the register,
// set-based in SQL over a staging table that holds the whole file (duplicates in the file and
// against the register, references to parents/spouse/representative, administrative units and
// their validity, households). Every bad row is reported with its line number and reason. Only
// when no row is bad are the households and persons inserted set-based from the staging table,
// in the same transaction; otherwise the transaction rolls back and the register is unchanged.
//
// Into an EMPTY register the import runs in initial-load mode, as the seed does (bulk-load.ts):
// the indexes and foreign keys of person/household are dropped once the file has passed every
// check, the rows inserted, and what lookups need (primary keys, constraints, the jurisdiction
// and relatives' indexes) rebuilt before commit; the search indexes (SEARCH_INDEXES) are built
// after commit with CREATE INDEX CONCURRENTLY, while lookups are already served. The DATA stays
// all or nothing: a failure before commit rolls back rows and DDL alike.
//
// ID-number counters: an imported number is a serial of its prefix that a birth must not be
// given again. Births skip numbers already in the register (registry/births.ts), but a prefix
// full of this deployment's own numbers (an export re-imported, a restore) would make every
// birth walk through them one by one; the import moves each prefix's counter past the run of
// counters whose numbers are now registered (advanceCounters below).
//
// Audit: one entry per imported person (subject = the ID number, action person.import, with
// the file's SHA-256 and the line), plus one summary entry. A bulk import writes personal data
// like a birth registration does, and the per-person entry is what lets a citizen (and an
// auditor) find who wrote their record and from which file. The outbox gets one
// 'population.imported' event for the batch.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createIdAllocator, SERIALS_PER_PREFIX } from '@cancuoc/idnumber';
import { appendAuditInTx } from '../audit/log.ts';
import { buildAllDocumentsAfterInitialLoadInTx, buildMissingDocumentsInTx, refreshDocumentsInTx } from '../registry/sql.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { buildDeferredIndexes, dropForBulkLoad, dropTriggerForLoad, restoreAfterBulkLoad, SEARCH_INDEXES, type DroppedObjects } from './bulk-load.ts';
import { parseCsv } from './csv.ts';
import { checkRow, FIELD_NAMES, FILE_FIELDS, STAGING_COLUMNS, type RawRow, type RowProblem } from './file-format.ts';
import { copyText } from './generate.ts';

export type FileFormat = 'csv' | 'ndjson';

export interface ImportOptions {
  file: string;
  format: FileFormat;
  /** Legal basis recorded on every imported person. */
  legalBasis: string;
  actor: string;
  today: string;
  /** The deployment's ID-number allocation key (the counters move past imported numbers). */
  key: Uint8Array;
  /** Bytes of the file read so far. */
  onProgress?: (bytes: number) => void;
  /** Called with the name and duration of each phase. */
  onPhase?: (name: string, ms: number) => void;
  /** Called once the data is committed (lookups are served; search indexes may still be building). */
  onCommitted?: () => void;
  /** Allow initial-load mode (drop and rebuild indexes) into an empty register. Default true. */
  bulk?: boolean;
}

export interface ImportResult {
  imported: number;
  households: number;
  sha256: string;
  /** True when the register was empty and the import ran in initial-load mode. */
  initialLoad: boolean;
  /** Prefixes whose allocation counter moved past imported numbers. */
  counters: number;
}

export class ImportRejectedError extends Error {
  readonly code = 'ERR_IMPORT_REJECTED';
  readonly problems: readonly RowProblem[];
  readonly rows: number;
  constructor(problems: RowProblem[], rows: number) {
    super(`${problems.length} problem(s) in ${new Set(problems.map((p) => p.line)).size} row(s) of ${rows}: nothing was imported`);
    this.problems = problems;
    this.rows = rows;
  }
}

/** Header or structure problem that stops the import before any row is read. */
export class ImportFileError extends Error {
  readonly code = 'ERR_IMPORT_FILE';
}

export function formatOfFile(file: string): FileFormat | undefined {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(file)) return 'ndjson';
  return undefined;
}

/** Raw rows of the file with their line numbers. */
async function* readRows(file: string, format: FileFormat, hash: ReturnType<typeof createHash>, progress: { bytes: number }): AsyncGenerator<{ line: number; raw: RawRow } | { line: number; error: string }> {
  const source = createReadStream(file);
  const tap = new Transform({ transform(chunk: Buffer, _e, cb) { hash.update(chunk); progress.bytes += chunk.length; cb(null, chunk); } });
  source.pipe(tap);
  tap.setEncoding('utf8');
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input: tap, crlfDelay: Infinity })) {
      line++;
      const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (t.trim() === '') continue;
      let v: unknown;
      try { v = JSON.parse(t); } catch (e) { yield { line, error: `not valid JSON (${(e as Error).message})` }; continue; }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) { yield { line, error: 'not a JSON object' }; continue; }
      const unknown = Object.keys(v).filter((k) => !FIELD_NAMES.includes(k));
      if (unknown.length > 0) { yield { line, error: `unknown field(s): ${unknown.join(', ')}` }; continue; }
      yield { line, raw: v as RawRow };
    }
    return;
  }
  let header: string[] | undefined;
  for await (const rec of parseCsv(tap as AsyncIterable<string>)) {
    if (!header) {
      header = rec.fields.map((h, k) => (k === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
      const unknown = header.filter((h) => !FIELD_NAMES.includes(h));
      if (unknown.length > 0) throw new ImportFileError(`line 1: unknown column(s) ${unknown.join(', ')}; the columns are: ${FIELD_NAMES.join(', ')}`);
      const missing = FILE_FIELDS.filter((f) => f.required && !header!.includes(f.name)).map((f) => f.name);
      if (missing.length > 0) throw new ImportFileError(`line 1: missing required column(s) ${missing.join(', ')}`);
      const dup = header.filter((h, k) => header!.indexOf(h) !== k);
      if (dup.length > 0) throw new ImportFileError(`line 1: column(s) given twice: ${dup.join(', ')}`);
      continue;
    }
    if (rec.fields.length !== header.length) {
      yield { line: rec.line, error: `${rec.fields.length} fields where the header has ${header.length}` };
      continue;
    }
    const raw: RawRow = {};
    for (let k = 0; k < header.length; k++) raw[header[k]!] = rec.fields[k];
    yield { line: rec.line, raw };
  }
  if (!header) throw new ImportFileError('the file is empty: a CSV file starts with a header line');
}

export async function importPersons(sql: Sql, o: ImportOptions): Promise<ImportResult> {
  const hash = createHash('sha256');
  let dropped: DroppedObjects | undefined;
  let t = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    o.onPhase?.(name, now - t);
    t = now;
  };
  const result = await sql.begin(async (tx) => {
    await tx.unsafe(`create temp table import_row (
      line integer not null, bad boolean not null,
      ${STAGING_COLUMNS.map((c) => `${c} ${stagingType(c)}`).join(', ')}
    ) on commit drop`);
    const problems: RowProblem[] = [];
    let rows = 0;
    // Stream rows through the per-row checks straight into the staging table (COPY).
    const staging = await tx.unsafe(`copy import_row (line, bad, ${STAGING_COLUMNS.join(', ')}) from stdin`).writable();
    const progress = { bytes: 0 };
    const lines = async function* () {
      let batch = '';
      for await (const r of readRows(o.file, o.format, hash, progress)) {
        rows++;
        if ('error' in r) {
          problems.push({ line: r.line, message: r.error });
          continue;
        }
        const checked = checkRow(r.raw, o.today);
        if (checked.ok) {
          batch += `${r.line}\tf\t${checked.values.map(copyText).join('\t')}\n`;
        } else {
          for (const m of checked.problems) problems.push({ line: r.line, message: m });
          // A bad row with a readable ID number is still staged (marked bad), so that the
          // duplicate and reference checks see it and do not report misleading follow-on errors.
          if (checked.idNumber) batch += `${r.line}\tt\t${checked.idNumber}${'\t\\N'.repeat(STAGING_COLUMNS.length - 1)}\n`;
        }
        if (batch.length > 1 << 20) {
          yield batch;
          batch = '';
          o.onProgress?.(progress.bytes);
        }
      }
      if (batch) yield batch;
      o.onProgress?.(progress.bytes);
    };
    await pipeline(Readable.from(lines()), staging);
    phase('read + per-row checks → staging (COPY)');
    await tx`create index on import_row (id_number)`;
    await tx`analyze import_row`;
    phase('staging index + analyze');
    for (const p of await crossChecks(tx)) problems.push(p);
    phase('cross-row checks');
    if (problems.length > 0) {
      problems.sort((a, b) => a.line - b.line);
      throw new ImportRejectedError(problems, rows);
    }
    // Births wait for the import (its numbers and the counters it moves), and no one writes
    // persons or households while it decides on initial-load mode (as the seed does).
    await tx`lock table id_number_counter in exclusive mode`;
    await tx`lock table household, person in exclusive mode`;
    const [{ empty }] = await tx<{ empty: boolean }[]>`
      select not exists (select 1 from person) and not exists (select 1 from household) as empty`;
    const initialLoad = empty && o.bulk !== false;
    let nameTriggers: string[] = [];
    if (initialLoad) {
      dropped = await dropForBulkLoad(tx, ['person', 'household']);
      // The name dictionary's statement trigger would capture every inserted row in a
      // transition table (seed.ts explains): dropped for the insert, filled set-based, recreated.
      // Its twin on update would do the same for the documents' update of every row, which
      // changes no name.
      nameTriggers = [await dropTriggerForLoad(tx, 'person', 'person_name_after_insert'), await dropTriggerForLoad(tx, 'person', 'person_name_after_update')]
        .filter((d): d is string => d !== undefined);
      phase('initial load: drop indexes and constraints');
    }
    const result = await insertRows(tx, o, hash.digest('hex'), { initialLoad, dropped, nameTriggers, phase });
    t = performance.now();
    return result;
  });
  phase('commit');
  o.onCommitted?.();
  if (dropped) await buildDeferredIndexes(sql, dropped, (name) => SEARCH_INDEXES.has(name), (name, ms) => { o.onPhase?.(`search index ${name} (after commit, concurrently)`, ms); t = performance.now(); });
  return result;
}

function stagingType(column: string): string {
  if (/_date$|^temporary_until$|^missing_since$|^birth_date$/.test(column)) return 'date';
  if (column === 'other_names') return 'text[]';
  if (column === 'temporary_absence') return 'jsonb';
  return 'text';
}

/** Rules over the whole file and the register; each finding is a (line, message). */
async function crossChecks(tx: Tx): Promise<RowProblem[]> {
  const found = await tx<{ line: number; message: string }[]>`
    -- The same ID number twice in the file.
    select r.line, 'idNumber: ' || r.id_number || ' appears more than once in the file (first on line ' || f.first || ')' as message
    from import_row r join (select id_number, min(line) as first from import_row group by id_number having count(*) > 1) f
      on f.id_number = r.id_number and r.line <> f.first
    union all
    -- Already in the register.
    select r.line, 'idNumber: ' || r.id_number || ' is already registered'
    from import_row r where exists (select 1 from person p where p.id_number = r.id_number)
    union all
    -- A number a merge retired is never issued again (registry/merge.ts).
    select r.line, 'idNumber: ' || r.id_number || ' was retired by a merge (it points to ' || x.survivor || ')'
    from import_row r join person_retired x on x.id_number = r.id_number
    union all
    -- Administrative units: must exist; residences are communes; the birth registration unit
    -- must have been in force on or after the date of birth.
    select r.line, u.field || ': no administrative unit ' || u.id
    from import_row r
    cross join lateral (values ('birthRegistrationUnitId', r.birth_registration_unit_id), ('permanentUnitId', r.permanent_unit_id),
                               ('temporaryUnitId', r.temporary_unit_id), ('currentUnitId', r.current_unit_id), ('currentCommuneId', r.current_commune_id)) as u(field, id)
    where not r.bad and u.id is not null and not exists (select 1 from admin_unit a where a.id = u.id)
    union all
    select r.line, u.field || ': ' || u.id || ' is a province, a residence is recorded at commune level'
    from import_row r
    cross join lateral (values ('permanentUnitId', r.permanent_unit_id), ('temporaryUnitId', r.temporary_unit_id), ('currentUnitId', r.current_unit_id)) as u(field, id)
    join admin_unit a on a.id = u.id
    where not r.bad and a.level <> 'commune'
    union all
    select r.line, 'birthRegistrationUnitId: ' || a.id || ' (' || a.name || ') was abolished on ' || (a.valid_to + 1) || ', before the date of birth ' || r.birth_date
    from import_row r join admin_unit a on a.id = r.birth_registration_unit_id
    where not r.bad and a.valid_to < r.birth_date
    union all
    select r.line, 'currentCommuneId: ' || r.current_commune_id || ' is not a commune in force since 2025-07-01'
    from import_row r join admin_unit a on a.id = r.current_commune_id
    where not r.bad and (a.generation <> 2 or a.level <> 'commune')
    union all
    select r.line, 'currentCommuneId: ' || r.current_commune_id || ' is not (a successor of) ' || coalesce(r.current_unit_id, r.permanent_unit_id)
    from import_row r join admin_unit a on a.id = r.current_commune_id
    where not r.bad and a.generation = 2 and coalesce(r.current_unit_id, r.permanent_unit_id) is not null
      and a.id <> coalesce(r.current_unit_id, r.permanent_unit_id)
      and not exists (select 1 from admin_unit_succession s where s.predecessor_id = coalesce(r.current_unit_id, r.permanent_unit_id) and s.successor_id = a.id)
    union all
    -- References to relatives: in the file or in the register, of the right sex, older parents.
    select r.line, rel.field || ': ' || rel.id || ' is neither in the file nor in the register'
    from import_row r
    cross join lateral (values ('fatherIdNumber', r.father_id), ('motherIdNumber', r.mother_id), ('spouseIdNumber', r.spouse_id),
                               ('legalRepresentativeIdNumber', r.legal_representative_id)) as rel(field, id)
    where not r.bad and rel.id is not null
      and not exists (select 1 from import_row o where o.id_number = rel.id)
      and not exists (select 1 from person p where p.id_number = rel.id)
    union all
    select r.line, rel.field || ': ' || rel.id || ' is ' || rel.sex || ', not ' || rel.expected
    from import_row r
    cross join lateral (
      select 'fatherIdNumber' as field, r.father_id as id, 'male' as expected, coalesce(
        (select sex from import_row o where o.id_number = r.father_id and not o.bad limit 1),
        (select sex from person p where p.id_number = r.father_id)) as sex
      union all
      select 'motherIdNumber', r.mother_id, 'female', coalesce(
        (select sex from import_row o where o.id_number = r.mother_id and not o.bad limit 1),
        (select sex from person p where p.id_number = r.mother_id))) rel
    where not r.bad and rel.id is not null and rel.sex is not null and rel.sex <> rel.expected
    union all
    select r.line, rel.field || ': ' || rel.id || ' was born on ' || rel.born || ', not before the child (' || r.birth_date || ')'
    from import_row r
    cross join lateral (
      select 'fatherIdNumber' as field, r.father_id as id, coalesce(
        (select birth_date from import_row o where o.id_number = r.father_id and not o.bad limit 1),
        (select birth_date from person p where p.id_number = r.father_id)) as born
      union all
      select 'motherIdNumber', r.mother_id, coalesce(
        (select birth_date from import_row o where o.id_number = r.mother_id and not o.bad limit 1),
        (select birth_date from person p where p.id_number = r.mother_id))) rel
    where not r.bad and rel.id is not null and rel.born >= r.birth_date
    union all
    -- Households: an existing file number is joined; a new one needs exactly one head (Chủ hộ)
    -- in the file, with a permanent residence that becomes the household's address.
    select r.line, 'householdFileNumber: ' || r.household_file_number || ' is new and has ' ||
           case when h.heads = 0 then 'no row with relationshipToHead "Chủ hộ"' else h.heads || ' rows with relationshipToHead "Chủ hộ"' end
    from import_row r
    join (select household_file_number, count(*) filter (where relationship_to_head = 'Chủ hộ') as heads
          from import_row where household_file_number is not null group by 1) h using (household_file_number)
    where not r.bad and h.heads <> 1 and not exists (select 1 from household x where x.file_number = r.household_file_number)
    union all
    select r.line, 'permanentUnitId: the head of the new household ' || r.household_file_number || ' needs a permanent residence'
    from import_row r
    where not r.bad and r.relationship_to_head = 'Chủ hộ' and r.household_file_number is not null and r.permanent_unit_id is null
      and not exists (select 1 from household x where x.file_number = r.household_file_number)
    union all
    select r.line, 'relationshipToHead: household ' || r.household_file_number || ' already has a head in the register'
    from import_row r join household x on x.file_number = r.household_file_number
    where not r.bad and r.relationship_to_head = 'Chủ hộ' and x.head_id is not null`;
  return found.map((f) => ({ line: f.line, message: f.message }));
}

interface InsertMode {
  initialLoad: boolean;
  dropped?: DroppedObjects;
  /** Statements that recreate the name dictionary's triggers, after the documents. */
  nameTriggers: string[];
  phase: (name: string) => void;
}

async function insertRows(tx: Tx, o: ImportOptions, sha256: string, m: InsertMode): Promise<ImportResult> {
  // Households of the register the file's persons join (their members' documents change):
  // taken before the new households are inserted, whose members' documents are all built new.
  const joined = await tx<{ id: string }[]>`
    select distinct h.id::text as id from import_row r join household h on h.file_number = r.household_file_number`;
  // New households: one per new file number, from its head's permanent residence.
  const households = await tx`
    insert into household (file_number, unit_id, address_line, head_id)
    select r.household_file_number, r.permanent_unit_id, r.permanent_address, r.id_number
    from import_row r
    where r.relationship_to_head = 'Chủ hộ' and r.household_file_number is not null
      and not exists (select 1 from household x where x.file_number = r.household_file_number)`;
  const dataColumns = FILE_FIELDS.map((f) => f.column).filter((c) => !c.startsWith('previous_card_') && c !== 'household_file_number' && c !== 'current_commune_id');
  // Where the person lives today, in generation-2 units (what jurisdiction and filters use): the
  // current residence, else the permanent one; a pre-2025 commune maps to its successor
  // (the whole-territory successor first, as registry/units.ts orders them).
  const inserted = await tx.unsafe(`
    insert into person (${dataColumns.join(', ')}, previous_card, household_id, current_commune_id, current_province_id, updated_by, legal_basis)
    select ${dataColumns.map((c) => {
      if (c === 'other_names') return `coalesce(r.other_names, '{}')`;
      if (c === 'religion') return `coalesce(r.religion, 'Không')`;
      if (c === 'nationality') return `coalesce(r.nationality, 'VNM')`;
      if (c === 'marital_status') return `coalesce(r.marital_status, 'single')`;
      return `r.${c}`;
    }).join(', ')},
      case when r.previous_card_issue_date is null and r.previous_card_issue_place is null and r.previous_card_expiry_date is null then null
           else jsonb_strip_nulls(jsonb_build_object('issueDate', r.previous_card_issue_date, 'issuePlace', r.previous_card_issue_place, 'expiryDate', r.previous_card_expiry_date)) end,
      h.id, today.id, today.province_id, $1, $2
    from import_row r
    left join household h on h.file_number = r.household_file_number
    left join lateral (
      select x.id, x.province_id from (
        select u.id, u.province_id, -1 as rank from admin_unit u where u.id = r.current_commune_id
        union all
        select u.id, u.province_id, 0 as rank from admin_unit u
        where u.id = coalesce(r.current_unit_id, r.permanent_unit_id) and u.generation = 2 and u.level = 'commune'
        union all
        select u.id, u.province_id, case when s.partial then 2 else 1 end from admin_unit_succession s join admin_unit u on u.id = s.successor_id
        where s.predecessor_id = coalesce(r.current_unit_id, r.permanent_unit_id) and u.level = 'commune') x
      order by x.rank, x.id limit 1
    ) today on true
    order by r.line`, [o.actor, o.legalBasis]);
  m.phase('insert households + persons');
  if (m.initialLoad) {
    // What person_name_collect() would have inserted: person.search_name is generated as
    // immutable_unaccent(lower(full_name)) (migration 002; seed.ts does the same).
    await tx`
      insert into person_name (search_name)
      select distinct immutable_unaccent(lower(full_name)) from import_row
      on conflict do nothing`;
    m.phase('person_name dictionary');
  }
  if (m.dropped) {
    // Into an empty register: every document at once, set-based, while the person table has no
    // index or trigger to maintain (registry/sql.ts); the register held no one to refresh.
    await buildAllDocumentsAfterInitialLoadInTx(tx);
  } else {
    // The documents: every imported person's, and those of registered persons the file names as
    // relatives or whose household it joins (their children, spouse, household members change).
    await buildMissingDocumentsInTx(tx);
    const related = await tx<{ id: string }[]>`
      select distinct x.id from import_row r
      cross join lateral (values (r.father_id), (r.mother_id), (r.spouse_id), (r.legal_representative_id)) as x(id)
      where x.id is not null and not exists (select 1 from import_row o where o.id_number = x.id)`;
    if (related.length > 0 || joined.length > 0) await refreshDocumentsInTx(tx, related.map((r) => r.id), joined.map((h) => h.id));
  }
  for (const ddl of m.nameTriggers) await tx.unsafe(ddl);
  m.phase('person documents');
  if (m.dropped) {
    // Then everything lookups need: keys, constraints (the foreign-key checks hash millions of
    // values, seed.ts), jurisdiction and relatives' indexes; the search indexes wait for commit.
    await tx`set local work_mem = '256MB'`;
    await restoreAfterBulkLoad(tx, m.dropped, (name, ms) => o.onPhase?.(`rebuild ${name}`, ms), (name) => !SEARCH_INDEXES.has(name));
    m.phase('rebuild: lookup indexes and constraints (total)');
  }
  const counters = await advanceCounters(tx, o.key);
  m.phase('id-number counters');
  // Per-person audit entries, in batches (appended within this transaction).
  await tx`create unique index on import_row (line)`;
  for (let last = 0; ;) {
    const rows = await tx<{ id_number: string; line: number }[]>`
      select id_number, line from import_row where line > ${last} order by line limit 5000`;
    if (rows.length === 0) break;
    await appendAuditInTx(tx, rows.map((r) => ({ actor: o.actor, action: 'person.import', subject: r.id_number, details: { file: sha256, line: r.line } })));
    last = rows[rows.length - 1]!.line;
  }
  const details = { imported: inserted.count, households: households.count, sha256, format: o.format, legalBasis: o.legalBasis };
  await appendAuditInTx(tx, [{ actor: o.actor, action: 'population.import', details }]);
  await tx`insert into outbox_event (topic, key, payload) values ('population.imported', ${sha256}, ${tx.json(details)})`;
  m.phase('audit + outbox');
  if (m.initialLoad) {
    await tx`analyze person`;
    await tx`analyze household`;
    await tx`analyze person_name`;
    m.phase('analyze');
  }
  return { imported: inserted.count, households: households.count, sha256, initialLoad: m.initialLoad, counters };
}

/**
 * Moves the allocation counter of every prefix the file uses past the run of counters, from the
 * stored one, whose numbers are now in the register (or retired by a merge): the first counter a
 * birth takes then gives a free number. Numbers allocated under this deployment's key (an export
 * re-imported) sit at consecutive counters, so the counter lands just after them; numbers
 * allocated elsewhere sit at scattered counters and move it little or not at all (births skip
 * any that they still meet: registry/births.ts). Set-based: each round allocates a block of
 * counters per prefix (allocateRange) and asks the register which of the numbers exist.
 * Returns how many counters moved.
 */
async function advanceCounters(tx: Tx, key: Uint8Array): Promise<number> {
  const allocator = createIdAllocator(key);
  const prefixes = await tx<{ prefix: string; next: number; imported: number }[]>`
    select r.prefix, coalesce(c.next, 0)::int as next, r.imported
    from (select left(id_number, 6) as prefix, count(*)::int as imported from import_row group by 1) r
    left join id_number_counter c on c.prefix = r.prefix`;
  const all = prefixes.map((p) => ({ prefix: p.prefix, start: p.next, next: p.next, step: p.imported + 1 }));
  await tx`create temp table import_candidate (block integer not null, ord integer not null, id_number char(12) not null) on commit drop`;
  let pending = all.filter((p) => p.next < SERIALS_PER_PREFIX);
  while (pending.length > 0) {
    const blocks = pending.map((p) => ({ p, numbers: allocator.allocateRange(p.prefix, p.next, Math.min(p.step, SERIALS_PER_PREFIX - p.next)) }));
    // The candidates go in by COPY and are joined with the register in one statement (one
    // array parameter per 10⁵ numbers took 38 s at 10⁶ persons).
    await tx`truncate import_candidate`;
    const copy = await tx`copy import_candidate (block, ord, id_number) from stdin`.writable();
    await pipeline(Readable.from((function* () {
      for (const [k, b] of blocks.entries()) yield b.numbers.map((n, j) => `${k}\t${j}\t${n}\n`).join('');
    })()), copy);
    // Per block, the first candidate whose number is free (none: the whole block is taken).
    const firstFree = new Map<number, number>();
    for (const r of await tx<{ block: number; free: number }[]>`
      select c.block, min(c.ord) as free from import_candidate c
      where not exists (select 1 from person p where p.id_number = c.id_number)
        and not exists (select 1 from person_retired x where x.id_number = c.id_number)
      group by c.block`) firstFree.set(r.block, r.free);
    const next: typeof pending = [];
    for (const [k, { p, numbers }] of blocks.entries()) {
      const free = firstFree.get(k) ?? -1;
      if (free >= 0) {
        p.next += free;
      } else {
        // The first block covered as many counters as the file has numbers in the prefix;
        // then blocks of 64, 128, … until a free one.
        p.next += numbers.length;
        p.step = p.next - p.start === numbers.length ? 64 : p.step * 2;
        if (p.next < SERIALS_PER_PREFIX) next.push(p);
      }
    }
    pending = next;
  }
  const moved = all.filter((p) => p.next > p.start);
  if (moved.length > 0) {
    await tx`
      insert into id_number_counter (prefix, next)
      select * from unnest(${tx.array(moved.map((p) => p.prefix))}::text[], ${tx.array(moved.map((p) => p.next))}::int[])
      on conflict (prefix) do update set next = greatest(id_number_counter.next, excluded.next)`;
  }
  return moved.length;
}
