// The pki module's SQL, with the row types it returns. Functions taking a transaction end in `InTx`.
import type { Sql, Tx } from '../db/connect.ts';
import type { KeyRole } from './policy.ts';

export interface PkiKeyRow {
  label: string;
  role: KeyRole;
  kid: string;
  curve: string;
  spki: Buffer;
  certificate: Buffer | null;
  issuer_label: string | null;
  /** A CVCA that replaced another: its key certified by the previous CVCA (migration 060). */
  link_certificate: Buffer | null;
  usage_from: Date;
  usage_until: Date;
  verify_until: Date | null;
  created_at: Date;
  retired_at: Date | null;
  destroyed_at: Date | null;
}

export type NewPkiKey = Omit<PkiKeyRow, 'created_at' | 'retired_at' | 'destroyed_at'>;

/** Serialises every change of the key set across processes (one rotation at a time). */
export async function lockKeySetInTx(tx: Tx): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext('cancuoc.pki'))`;
}

export async function currentKeyInTx(tx: Tx | Sql, role: KeyRole): Promise<PkiKeyRow | undefined> {
  const [row] = await tx<PkiKeyRow[]>`select * from pki_key where role = ${role} and retired_at is null`;
  return row;
}

export async function insertKeyInTx(tx: Tx, k: NewPkiKey, now: Date): Promise<void> {
  await tx`update pki_key set retired_at = ${now} where role = ${k.role} and retired_at is null`;
  await tx`insert into pki_key ${tx(k as never)}`;
}

/** Keys whose signatures must still verify at `at` (retired ones included), oldest first. */
export async function publishedKeys(sql: Sql | Tx, at: Date): Promise<PkiKeyRow[]> {
  return sql<PkiKeyRow[]>`
    select * from pki_key where verify_until is null or verify_until > ${at}
    order by role, usage_from, label`;
}

/** Keys past their usage period whose private half is still in the token. */
export async function keysToDestroyInTx(tx: Tx, now: Date): Promise<PkiKeyRow[]> {
  return tx<PkiKeyRow[]>`select * from pki_key where usage_until <= ${now} and destroyed_at is null order by label`;
}

export async function markDestroyedInTx(tx: Tx, label: string, now: Date): Promise<void> {
  await tx`update pki_key set destroyed_at = ${now}, retired_at = coalesce(retired_at, ${now}) where label = ${label}`;
}

export interface MasterListRow { seq: string; signer_label: string; csca_labels: string[]; cms: Buffer; created_at: Date }

export async function latestMasterList(sql: Sql | Tx): Promise<MasterListRow | undefined> {
  const [row] = await sql<MasterListRow[]>`select seq::text, signer_label, csca_labels, cms, created_at from pki_master_list order by seq desc limit 1`;
  return row;
}

export async function insertMasterListInTx(tx: Tx, m: { signerLabel: string; cscaLabels: string[]; cms: Uint8Array }): Promise<void> {
  await tx`insert into pki_master_list (signer_label, csca_labels, cms) values (${m.signerLabel}, ${m.cscaLabels}, ${Buffer.from(m.cms)})`;
}
