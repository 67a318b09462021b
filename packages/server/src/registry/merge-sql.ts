// The SQL of merges (merge.ts; tables person_merge and person_retired, migration 041). Functions
// taking a transaction end in `InTx`.
import type { Sql, Tx } from '../db/connect.ts';
import { PERSON_COLUMNS, type PersonRow } from './sql.ts';

export interface MergeRow {
  id: string;
  survivor: string;
  retired: string;
  merged_at: Date;
  merged_by: string;
  legal_basis: string;
  request_id: string;
  undo_until: Date;
  retired_version: number;
  survivor_version: number | null;
  survivor_changes: Record<string, { from: unknown; to: unknown }>;
  moved: MovedReference[];
  repointed: string[];
  listeners: Record<string, unknown>;
  undone_at: Date | null;
  undone_by: string | null;
  undo_legal_basis: string | null;
  undo_request_id: string | null;
}

/** A reference the merge moved from the retired number to the survivor. */
export type MovedReference =
  | { kind: 'person'; idNumber: string; columns: string[] }
  | { kind: 'household'; id: string; to: string | null };

const MERGE_COLUMNS = `id::text, survivor, retired, merged_at, merged_by, legal_basis, request_id, undo_until, retired_version,
  survivor_version, survivor_changes, moved, repointed, listeners, undone_at, undone_by, undo_legal_basis, undo_request_id`;

export async function mergeRow(sql: Sql | Tx, id: string): Promise<MergeRow | undefined> {
  const [row] = await sql.unsafe<MergeRow[]>(`select ${MERGE_COLUMNS} from person_merge where id = $1`, [id]);
  return row;
}

export async function lockMergeInTx(tx: Tx, id: string): Promise<MergeRow | undefined> {
  const [row] = await tx.unsafe<MergeRow[]>(`select ${MERGE_COLUMNS} from person_merge where id = $1 for update`, [id]);
  return row;
}

/** The merge this request (idempotency key) already made, if any. */
export async function mergeOfRequestInTx(tx: Tx, requestId: string): Promise<MergeRow | undefined> {
  const [row] = await tx.unsafe<MergeRow[]>(`select ${MERGE_COLUMNS} from person_merge where request_id = $1`, [requestId]);
  return row;
}

export async function insertMergeInTx(tx: Tx, m: {
  survivor: string; retired: string; actor: string; legalBasis: string; requestId: string; undoDays: number;
  retiredVersion: number; survivorVersion: number; survivorChanges: MergeRow['survivor_changes']; moved: MovedReference[];
}): Promise<MergeRow> {
  const [row] = await tx.unsafe<MergeRow[]>(`
    insert into person_merge (survivor, retired, merged_by, legal_basis, request_id, undo_until, retired_version, survivor_version,
                              survivor_changes, moved)
    values ($1, $2, $3, $4, $5, now() + make_interval(days => $6), $7, $8, $9, $10)
    returning ${MERGE_COLUMNS}`, [
    m.survivor, m.retired, m.actor, m.legalBasis, m.requestId, m.undoDays, m.retiredVersion, m.survivorVersion,
    tx.json(m.survivorChanges as never), tx.json(m.moved as never),
  ] as never[]);
  return row!;
}

export async function recordMergeOutcomeInTx(tx: Tx, id: string, o: { repointed: string[]; listeners: Record<string, unknown> }): Promise<void> {
  await tx`update person_merge set repointed = ${tx.json(o.repointed)}, listeners = ${tx.json(o.listeners as never)} where id = ${id}`;
}

export async function markMergeUndoneInTx(tx: Tx, id: string, o: { actor: string; legalBasis: string; requestId: string }): Promise<void> {
  await tx`
    update person_merge set undone_at = now(), undone_by = ${o.actor}, undo_legal_basis = ${o.legalBasis}, undo_request_id = ${o.requestId}
    where id = ${id}`;
}

/**
 * Retires `retired` into `survivor`: the number points to the survivor from now on, and so do
 * the numbers that pointed to the retired record (earlier merges into it). Returns those.
 */
export async function retireNumberInTx(tx: Tx, retired: string, survivor: string, mergeId: string): Promise<string[]> {
  const moved = await tx<{ id_number: string }[]>`
    update person_retired set survivor = ${survivor} where survivor = ${retired} returning id_number`;
  await tx`insert into person_retired (id_number, survivor, merge_id) values (${retired}, ${survivor}, ${mergeId})`;
  return moved.map((r) => r.id_number).sort();
}

/** The inverse of retireNumberInTx. */
export async function unretireNumberInTx(tx: Tx, retired: string, survivor: string, repointed: string[]): Promise<void> {
  await tx`delete from person_retired where id_number = ${retired}`;
  if (repointed.length > 0) {
    await tx`update person_retired set survivor = ${retired} where survivor = ${survivor} and id_number = any(${tx.array(repointed)}::char(12)[])`;
  }
}

/** Where a retired number points now: the record that holds the person, and the merge that retired it. */
export async function retiredPointer(sql: Sql | Tx, idNumber: string): Promise<{ survivor: string; merge_id: string } | undefined> {
  const [row] = await sql<{ survivor: string; merge_id: string }[]>`
    select survivor, merge_id::text from person_retired where id_number = ${idNumber}`;
  return row;
}

/** Is this number retired (a merge pointed it to another record)? */
export async function isRetiredInTx(tx: Tx, idNumber: string): Promise<boolean> {
  const rows = await tx`select 1 from person_retired where id_number = ${idNumber}`;
  return rows.length > 0;
}

/**
 * Everything that refers to a person by ID number, locked: the persons naming them as father,
 * mother, spouse or legal representative (in ID-number order) and the households they head.
 */
export async function referencesToInTx(tx: Tx, idNumber: string): Promise<{ persons: PersonRow[]; households: { id: string; head_id: string }[] }> {
  const persons = await tx.unsafe<PersonRow[]>(`
    select ${PERSON_COLUMNS} from person
    where id_number in (select id_number from person where father_id = $1
                        union select id_number from person where mother_id = $1
                        union select id_number from person where spouse_id = $1
                        union select id_number from person where legal_representative_id = $1)
    order by id_number for update`, [idNumber]);
  const households = await tx<{ id: string; head_id: string }[]>`
    select id::text, head_id from household where head_id = ${idNumber} order by id for update`;
  return { persons: [...persons], households: [...households] };
}

/** A version of a person as person_version keeps it (column names, JSON values). */
export async function storedVersionInTx(tx: Tx, idNumber: string, version: number): Promise<Record<string, unknown> | undefined> {
  const [row] = await tx<{ data: Record<string, unknown> }[]>`
    select data from person_version where id_number = ${idNumber} and version = ${version}`;
  return row?.data;
}
