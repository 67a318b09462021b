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
import type { Tx } from '../db/connect.ts';

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

/** Recreates what dropForBulkLoad dropped; reports each statement's duration. */
export async function restoreAfterBulkLoad(tx: Tx, dropped: DroppedObjects, onStep?: (name: string, ms: number) => void): Promise<void> {
  // Index builds sort in memory up to maintenance_work_mem and may use parallel workers, which
  // share it (PostgreSQL docs §19.4.1, maintenance_work_mem): at 10 M persons the widest person
  // index sorts ~1 GB of tuples, so 1 GB split between three participants went to disk.
  await tx`set local maintenance_work_mem = '2GB'`;
  await tx`set local max_parallel_maintenance_workers = 2`;
  for (const step of dropped.restore) {
    const t = performance.now();
    await tx.unsafe(step.ddl);
    onStep?.(step.name, performance.now() - t);
  }
}
