// `cancuoc seed`: load a synthetic population into the register in ONE transaction (a failed or
// interrupted seed leaves nothing behind), streamed with COPY (DESIGN.md §4: bulk loads use COPY).
//
// Into an empty register the load runs in initial-load mode (bulk-load.ts): indexes and foreign
// keys of person/household are dropped first and rebuilt at the end, inside the transaction; the
// rebuild is part of the seed's duration. Into a register that already holds people, the rows
// are copied into a temporary table and inserted set-based behind the live constraints.
//
// ID numbers are allocated exactly as births are (packages/idnumber: FF1 over a per-prefix
// counter under the deployment key); the counters are read at the start under a lock that holds
// off concurrent births, and written back set-based at the end so later births continue after.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createIdAllocator } from '@cancuoc/idnumber';
import { appendAuditInTx } from '../audit/log.ts';
import { buildAllDocumentsAfterInitialLoadInTx, buildMissingDocumentsInTx } from '../registry/sql.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { dropForBulkLoad, dropTriggerForLoad, restoreAfterBulkLoad } from './bulk-load.ts';
import { dirtContext, plantDirt, type Planted } from './dirt.ts';
import { generatePopulation, HOUSEHOLD_COPY_COLUMNS, PERSON_COPY_COLUMNS, type Chunk } from './generate.ts';
import { loadGeography, type Geography } from './geography.ts';
import { loadNamePools } from './names.ts';

export interface SeedOptions {
  people: number;
  seed: number;
  /** Generation-2 province id ('2:01') to confine the population to. */
  provinceId?: string;
  /** Reference date YYYY-MM-DD (the population's 'today'). */
  asOf: string;
  key: Uint8Array;
  /** Audit actor, e.g. 'cli:seed'. */
  actor: string;
  /** Called as persons are sent to the database (cumulative count). */
  onProgress?: (persons: number) => void;
  /** Called with the name and duration of each phase (generation+COPY, each rebuild step…). */
  onPhase?: (name: string, ms: number) => void;
  /** Allow initial-load mode (drop and rebuild indexes) when the register is empty. Default true. */
  bulk?: boolean;
  /**
   * Plant known dirt (dirt.ts): duplicates of this share of the persons on top of them, rule
   * violations of half that share, with their key in seed_planted. 0 or absent: a clean seed.
   */
  dirty?: number;
}

export interface SeedResult {
  people: number;
  households: number;
  deaths: number;
  initialLoad: boolean;
  /** Counter rows written (prefixes used). */
  prefixes: number;
  /** With dirty: what was planted, per kind and code. */
  planted?: Record<string, number>;
}

export function seedLegalBasis(seed: number): string {
  return `Dân số tổng hợp (synthetic population, cancuoc seed --seed ${seed})`;
}

export async function seedPopulation(sql: Sql, o: SeedOptions): Promise<SeedResult> {
  if (!Number.isInteger(o.people) || o.people < 0) throw new RangeError(`people must be a whole number ≥ 0, got ${o.people}`);
  const geography = await loadGeography(sql, o.provinceId);
  const names = loadNamePools();
  return sql.begin(async (tx) => {
    // Births wait for the seed (they would otherwise take the same counters), and no one writes
    // persons or households while the seed decides on initial-load mode.
    await tx`lock table id_number_counter in exclusive mode`;
    await tx`lock table household, person in exclusive mode`;
    const [{ empty }] = await tx<{ empty: boolean }[]>`
      select not exists (select 1 from person) and not exists (select 1 from household) as empty`;
    const initialLoad = empty && o.bulk !== false;
    const counters = new Map<string, number>();
    for (const r of await tx<{ prefix: string; next: number }[]>`select prefix, next from id_number_counter`) counters.set(r.prefix, r.next);
    // Reserve household ids: households ≤ persons; the sequence is set to the last one used below.
    const [{ first }] = await tx<{ first: string }[]>`
      select nextval(pg_get_serial_sequence('household', 'id'))::text as first`;
    const [{ existing }] = empty ? [{ existing: 0 }] : await tx<{ existing: number }[]>`select count(*)::int as existing from person`;

    const dropped = initialLoad ? await dropForBulkLoad(tx, ['person', 'household']) : undefined;
    // The distinct-name dictionary (migration 004) is kept by a statement-level trigger whose
    // transition table holds every row the statement wrote: for one COPY of the whole population
    // that is the population again, stored in a tuplestore (spilled to temporary files beyond
    // work_mem) and read back for one DISTINCT — measured +2.5 s per million persons on the COPY.
    // In initial-load mode the trigger is dropped for this transaction and recreated from its own
    // catalog definition before commit (DDL is transactional; we hold the table's lock), and the
    // dictionary gets the same entries from the distinct full names the generator emitted (~10⁵,
    // not 10⁷ rows to scan), through the same expression as the generated column (see below).
    // Dropped, not disabled: a DISABLEd trigger that references a transition table still makes
    // the executor capture every inserted row (measured at 10 M: with it disabled the COPY backend
    // had written a 1.6 GB temporary file by ~3 M persons; dropped, none, and generate + COPY went
    // from 155.8 to 128.5 s).
    const fullNames = initialLoad ? new Set<string>() : undefined;
    const nameTrigger = initialLoad ? await dropTriggerForLoad(tx, 'person', 'person_name_after_insert') : undefined;
    const t0 = performance.now();
    let chunks = generatePopulation({
      people: o.people, seed: o.seed, asOf: o.asOf, key: o.key, geography, names, counters,
      firstHouseholdId: Number(first), oldIdOffset: existing, legalBasis: seedLegalBasis(o.seed), updatedBy: o.actor, fullNames,
    });
    const planted: Planted[] = [];
    if (o.dirty) chunks = withDirt(chunks, o.dirty, { seed: o.seed, key: o.key, counters, asOf: o.asOf, fullNames }, planted);
    const result = await copyPopulation(tx, { initialLoad, freeze: dropped?.truncated ?? false, chunks, onProgress: o.onProgress });
    o.onPhase?.('generate + copy', performance.now() - t0);
    if (fullNames) {
      const t = performance.now();
      // What person_name_collect() inserts for a statement, over the whole load: person.search_name
      // is generated as immutable_unaccent(lower(full_name)) (migration 002), so the distinct
      // search names of the loaded rows are exactly this expression over their distinct full
      // names (seed.test.ts checks the dictionary against the table).
      await tx`
        insert into person_name (search_name)
        select distinct immutable_unaccent(lower(n)) from unnest(${tx.array([...fullNames])}::text[]) as n
        on conflict do nothing`;
      if (nameTrigger) await tx.unsafe(nameTrigger);
      // The foreign-key checks of the rebuild (anti-joins against household) hash millions of
      // values: in the default 4 MB of work_mem they spill to disk in batches.
      await tx`set local work_mem = '256MB'`;
      o.onPhase?.('person_name', performance.now() - t);
    }
    if (dropped) {
      // Every document at once, set-based, while the person table has no index to maintain
      // (registry/sql.ts). The dictionary's update trigger would capture the whole population in
      // its transition table for one DISTINCT that adds nothing (full names do not change), so
      // it is dropped around the update as the insert trigger was around the COPY.
      const tDocuments = performance.now();
      const updateTrigger = await dropTriggerForLoad(tx, 'person', 'person_name_after_update');
      await buildAllDocumentsAfterInitialLoadInTx(tx);
      if (updateTrigger) await tx.unsafe(updateTrigger);
      o.onPhase?.('person documents', performance.now() - tDocuments);
      await restoreAfterBulkLoad(tx, dropped, (name, ms) => o.onPhase?.(`rebuild ${name}`, ms));
    }

    const lastHousehold = Number(first) + result.households - 1;
    await tx`select setval(pg_get_serial_sequence('household', 'id'), ${Math.max(Number(first), lastHousehold)})`;
    // Counters set-based (one statement), so later births continue after the seeded numbers.
    const prefixes = [...counters.keys()];
    await tx`
      insert into id_number_counter (prefix, next)
      select * from unnest(${tx.array(prefixes)}::text[], ${tx.array(prefixes.map((p) => counters.get(p)!))}::int[])
      on conflict (prefix) do update set next = excluded.next`;
    if (result.deaths.length > 0) {
      await tx`
        insert into life_event (id_number, kind, event_date, legal_basis, recorded_by, details)
        select d.id, 'death', d.day, ${seedLegalBasis(o.seed)}, ${o.actor}, '{"source": "seed"}'::jsonb
        from unnest(${tx.array(result.deaths.map((d) => d.idNumber))}::text[], ${tx.array(result.deaths.map((d) => d.date))}::date[]) as d(id, day)`;
    }
    if (planted.length > 0) await insertPlanted(tx, o.seed, planted);
    if (!dropped) {
      // Into a register that holds persons: every new person's document (registry/documents:
      // relatives, children, household) through the view, over the loaded rows.
      const tDocuments = performance.now();
      await buildMissingDocumentsInTx(tx);
      o.onPhase?.('person documents', performance.now() - tDocuments);
    }
    const t1 = performance.now();
    await tx`analyze person`;
    await tx`analyze household`;
    // The distinct-name dictionary (migration 004), filled by the trigger or by the insert above:
    // name search plans need its statistics as much as the person table's.
    await tx`analyze person_name`;
    o.onPhase?.('analyze', performance.now() - t1);
    const plantedCounts = o.dirty ? countPlanted(planted) : undefined;
    const details = {
      people: o.people, households: result.households, deaths: result.deaths.length, seed: o.seed, province: o.provinceId ?? null, asOf: o.asOf, initialLoad,
      ...(o.dirty ? { dirty: o.dirty, planted: plantedCounts } : {}),
    };
    // One audit entry for the whole seed: the persons are synthetic, created by one command.
    await appendAuditInTx(tx, [{ actor: o.actor, action: 'population.seed', details }]);
    await tx`insert into outbox_event (topic, key, payload) values ('population.seeded', null, ${tx.json(details)})`;
    return {
      people: o.people, households: result.households, deaths: result.deaths.length, initialLoad, prefixes: prefixes.length,
      ...(plantedCounts ? { planted: plantedCounts } : {}),
    };
  });
}

/** The generator's chunks with dirt planted (dirt.ts); what was planted is appended to `planted`. */
function* withDirt(chunks: Generator<Chunk>, rate: number, o: { seed: number; key: Uint8Array; counters: Map<string, number>; asOf: string; fullNames?: Set<string> },
  planted: Planted[]): Generator<Chunk> {
  const ctx = dirtContext({ rate, seed: o.seed, allocator: createIdAllocator(o.key), counters: o.counters, asOf: o.asOf, fullNames: o.fullNames });
  for (const chunk of chunks) {
    const dirty = plantDirt(chunk, ctx);
    for (const p of dirty.planted) planted.push(p);
    yield dirty.chunk;
  }
}

/** The key of what was planted, in seed_planted (migration 042), set-based. */
async function insertPlanted(tx: Tx, seed: number, planted: Planted[]): Promise<void> {
  for (let i = 0; i < planted.length; i += 50_000) {
    const part = planted.slice(i, i + 50_000);
    await tx`
      insert into seed_planted (seed, kind, code, id_number, other_id_number, household_id, details)
      select ${seed}, * from unnest(${tx.array(part.map((p) => p.kind))}::text[], ${tx.array(part.map((p) => p.code))}::text[],
        ${tx.array(part.map((p) => p.idNumber) as string[])}::char(12)[], ${tx.array(part.map((p) => p.otherIdNumber) as string[])}::char(12)[],
        ${tx.array(part.map((p) => p.householdId) as string[])}::bigint[], ${tx.array(part.map((p) => JSON.stringify(p.details)))}::jsonb[])`;
  }
}

function countPlanted(planted: Planted[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of planted) out[`${p.kind}:${p.code}`] = (out[`${p.kind}:${p.code}`] ?? 0) + 1;
  return out;
}

interface CopyResult { households: number; deaths: { idNumber: string; date: string }[] }

/**
 * Streams the generated persons into `person` (initial load) or a temporary table (otherwise)
 * while collecting household lines, then copies the households. With backpressure: generation
 * pauses whenever the socket to PostgreSQL is full, so memory stays bounded by one chunk.
 */
async function copyPopulation(tx: Tx, o: { initialLoad: boolean; freeze: boolean; chunks: Generator<Chunk>; onProgress?: (n: number) => void }): Promise<CopyResult> {
  const personTarget = o.initialLoad ? 'person' : 'seed_person';
  if (!o.initialLoad) {
    await tx`create temp table seed_person (like person including defaults) on commit drop`;
    await tx`create temp table seed_household (like household including defaults) on commit drop`;
  }
  const householdTarget = o.initialLoad ? 'household' : 'seed_household';
  const householdLines: Buffer[] = [];
  const deaths: { idNumber: string; date: string }[] = [];
  let households = 0;
  let persons = 0;
  const freeze = o.freeze ? ' with (freeze)' : '';
  const personStream = await tx.unsafe(`copy ${personTarget} (${PERSON_COPY_COLUMNS.join(', ')}) from stdin${freeze}`).writable();
  await pipeline(Readable.from((function* () {
    for (const chunk of o.chunks) {
      householdLines.push(chunk.households);
      households += chunk.householdCount;
      persons += chunk.personCount;
      for (const d of chunk.deaths) deaths.push(d);
      o.onProgress?.(persons);
      yield chunk.persons;
    }
  })(), { objectMode: false }), personStream);
  const householdStream = await tx.unsafe(`copy ${householdTarget} (${HOUSEHOLD_COPY_COLUMNS.join(', ')}) from stdin${freeze}`).writable();
  await pipeline(Readable.from((function* () {
    while (householdLines.length > 0) yield householdLines.shift()!;
  })(), { objectMode: false }), householdStream);
  if (!o.initialLoad) {
    const cols = PERSON_COPY_COLUMNS.join(', ');
    await tx.unsafe(`insert into household (${HOUSEHOLD_COPY_COLUMNS.join(', ')}) select ${HOUSEHOLD_COPY_COLUMNS.join(', ')} from seed_household`);
    await tx.unsafe(`insert into person (${cols}) select ${cols} from seed_person`);
  }
  return { households, deaths };
}

export type { Geography };
