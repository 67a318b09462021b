// Initial-load mode: loading tens of millions of rows into an EMPTY table is much faster without
// its secondary indexes and foreign keys, which are then built once over the whole table (a
// sorted index build and one anti-join per foreign key instead of tens of millions of index
// insertions and per-row trigger checks). This is what PostgreSQL's own documentation advises
// for initial loads ("Populating a Database", §14.4.2–14.4.3).
//
// Everything happens inside the caller's transaction: the definitions are read from the catalog,
// the objects dropped, and recreated from the same definitions before commit, so other sessions
// never see the tables without them (DDL takes an ACCESS EXCLUSIVE lock) and a failed load
// rolls the definitions back with the data.
import type { Sql, Tx } from '../db/connect.ts';

export interface DroppedObjects {
  /** DDL that restores what was dropped, in a valid order. */
  readonly restore: readonly { name: string; ddl: string }[];
  /**
   * True when the tables were truncated in this transaction (possible when no other table's
   * foreign key points at them), which allows COPY … WITH (FREEZE): rows are written already
   * frozen, so the first readers after the load do not rewrite every page to set hint bits and
   * no anti-wraparound vacuum has to rewrite the table later (PostgreSQL docs, COPY, FREEZE).
   */
  readonly truncated: boolean;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Empties `tables` (the caller has checked they hold no row) and drops their foreign keys, their primary/unique constraints when no other table's foreign
 * key needs them, and their other indexes. Returns the statements that put them back.
 */
export async function dropForBulkLoad(tx: Tx, tables: readonly string[]): Promise<DroppedObjects> {
  const oids = await tx<{ relname: string; oid: number }[]>`
    select c.relname, c.oid::int as oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relname in ${tx(tables as string[])} and c.relkind = 'r'`;
  const oidList = oids.map((o) => o.oid);
  const constraints = await tx<{ table: string; name: string; type: string; def: string; index: string | null; referenced_from_outside: boolean }[]>`
    select c.conrelid::regclass::text as table, c.conname as name, c.contype::text as type,
           pg_get_constraintdef(c.oid) as def, c.conindid::regclass::text as index,
           exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = c.conrelid
                   and f.conrelid <> all(${oidList}::oid[])) as referenced_from_outside
    from pg_constraint c
    where c.conrelid = any(${oidList}::oid[]) and c.contype in ('f', 'p', 'u')
    order by c.conname`;
  const foreign = constraints.filter((c) => c.type === 'f');
  const keys = constraints.filter((c) => c.type !== 'f' && !c.referenced_from_outside);
  const keptKeyIndexes = new Set(constraints.filter((c) => c.type !== 'f').map((c) => c.name));
  const indexes = await tx<{ name: string; def: string }[]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i
    where i.indrelid = any(${oidList}::oid[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid)
    order by 1`;

  const referencedFromOutside = constraints.some((c) => c.referenced_from_outside);
  const truncated = !referencedFromOutside;
  if (truncated) await tx.unsafe(`truncate ${tables.map(quoteIdent).join(', ')}`);
  for (const c of foreign) await tx.unsafe(`alter table ${c.table} drop constraint ${quoteIdent(c.name)}`);
  for (const c of keys) await tx.unsafe(`alter table ${c.table} drop constraint ${quoteIdent(c.name)}`);
  for (const i of indexes) if (!keptKeyIndexes.has(i.name)) await tx.unsafe(`drop index ${i.name}`);

  return {
    truncated,
    restore: [
      ...keys.map((c) => ({ name: c.name, ddl: `alter table ${c.table} add constraint ${quoteIdent(c.name)} ${c.def}` })),
      ...indexes.map((i) => ({ name: i.name, ddl: i.def })),
      ...foreign.map((c) => ({ name: c.name, ddl: `alter table ${c.table} add constraint ${quoteIdent(c.name)} ${c.def}` })),
    ],
  };
}

/**
 * Recreates what dropForBulkLoad dropped (those for which `only` holds, when given); reports
 * each statement's duration.
 */
export async function restoreAfterBulkLoad(tx: Tx, dropped: DroppedObjects, onStep?: (name: string, ms: number) => void,
  only?: (name: string) => boolean): Promise<void> {
  // Index builds sort in memory up to maintenance_work_mem and may use parallel workers, which
  // share it (PostgreSQL docs §19.4.1, maintenance_work_mem): at 10 M persons the widest person
  // index sorts ~1 GB of tuples, so 1 GB split between three participants went to disk.
  await tx`set local maintenance_work_mem = '2GB'`;
  await tx`set local max_parallel_maintenance_workers = 2`;
  for (const step of dropped.restore) {
    if (only && !only(step.name)) continue;
    const t = performance.now();
    await tx.unsafe(step.ddl);
    onStep?.(step.name, performance.now() - t);
  }
}

/** Drops a trigger of `table` and returns the statement that recreates it as it was. */
export async function dropTriggerForLoad(tx: Tx, table: string, name: string): Promise<string | undefined> {
  const [t] = await tx<{ def: string; enabled: string }[]>`
    select pg_get_triggerdef(t.oid) as def, t.tgenabled as enabled from pg_trigger t
    where t.tgrelid = ${table}::regclass and t.tgname = ${name} and not t.tgisinternal`;
  if (!t) return undefined;
  await tx.unsafe(`drop trigger "${name}" on "${table}"`);
  // CREATE TRIGGER makes it enabled ('O'); any other firing state an operator set comes back too.
  const state: Record<string, string> = { D: 'disable', R: 'enable replica', A: 'enable always' };
  return t.enabled in state ? `${t.def}; alter table "${table}" ${state[t.enabled]} trigger "${name}"` : t.def;
}

/**
 * Indexes that only searches use (names, dates of birth and death, old ID numbers, duplicate
 * detection's blocking keys — a quality run, not a lookup, reads person_dedup_block): after an
 * initial load they can be built once the data is committed, while lookups by ID number and by
 * jurisdiction are already served (the primary keys, the jurisdiction and relatives' indexes,
 * every constraint stay in the load's transaction). Anything not named here is restored before
 * commit, so an index a later migration adds is never left out by default.
 */
export const SEARCH_INDEXES: ReadonlySet<string> = new Set(['person_search_name', 'person_birth_date', 'person_old_id', 'person_death_date', 'person_dedup_block']);

/**
 * Builds, after commit, the indexes a load deferred: `create index concurrently` (PostgreSQL
 * docs, CREATE INDEX, "Building Indexes Concurrently"), so reads and writes go on meanwhile.
 * If a build fails it leaves an INVALID index (same docs): it is dropped and the error rethrown
 * with the statements still to run, which an operator can run by hand (the data is committed).
 */
export async function buildDeferredIndexes(sql: Sql, dropped: DroppedObjects, deferred: (name: string) => boolean,
  onStep?: (name: string, ms: number) => void): Promise<void> {
  const steps = dropped.restore.filter((s) => deferred(s.name));
  if (steps.length === 0) return;
  const conn = await sql.reserve();
  try {
    await conn`set maintenance_work_mem = '2GB'`;
    await conn`set max_parallel_maintenance_workers = 2`;
    for (const [k, step] of steps.entries()) {
      if (!/^CREATE (UNIQUE )?INDEX /.test(step.ddl)) throw new Error(`not an index definition: ${step.ddl}`);
      const t = performance.now();
      try {
        await conn.unsafe(step.ddl.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX CONCURRENTLY '));
      } catch (err) {
        await conn.unsafe(`drop index concurrently if exists ${step.name}`).catch(() => undefined);
        const left = steps.slice(k).map((s) => s.ddl + ';').join(' ');
        throw new Error(`the data is committed, but building the search index ${step.name} failed (${(err as Error).message}); run: ${left}`, { cause: err });
      }
      onStep?.(step.name, performance.now() - t);
    }
  } finally {
    await conn`reset maintenance_work_mem`.catch(() => undefined);
    await conn`reset max_parallel_maintenance_workers`.catch(() => undefined);
    conn.release();
  }
}
