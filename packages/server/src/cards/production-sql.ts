// The production stage's SQL (migrations 051, 055), with the row types it returns. Functions
// taking a transaction end in `InTx`.
import type { Sql, Tx } from '../db/connect.ts';

export type BatchStatus = 'open' | 'personalising' | 'quality_checked' | 'shipped' | 'received';
export type CardStatus = 'personalised' | 'qc_failed' | 'quality_checked' | 'shipped' | 'ready' | 'active' | 'lost' | 'stolen' | 'revoked' | 'expired' | 'replaced' | 'destroyed';

export interface BatchRow {
  id: string;
  reference: string;
  receiving_unit_id: string;
  status: BatchStatus;
  created_by: string;
  created_at: Date;
  shipped_at: Date | null;
  received_at: Date | null;
  updated_at: Date;
}

export interface BatchCardRow {
  application_id: string;
  position: number;
  application_status: string;
  card_number: string | null;
  card_status: CardStatus | null;
}

export interface ApplicationForCard {
  id: string;
  person_id: string;
  status: string;
  receiving_unit_id: string;
  declared_changes: Record<string, unknown>;
  photo_jpeg: Buffer | null;
}

export interface ChipRow {
  card_number: string;
  person_id: string;
  batch_id: string;
  receiving_unit_id: string;
  status: CardStatus;
  issue_date: string;
  expiry_date: string | null;
  mrz: string[];
  can: string | null;
  files: Record<string, string>;
  ca_key_pem: string | null;
  aa_key_pem: string | null;
  /** base64 of each CVCA certificate (postgres.js hands bytea[] elements back undecoded). */
  eac_trust_points: string[] | null;
  eac_date: Date | null;
  face_front: Buffer;
  face_back: Buffer;
  face_pdf: Buffer;
  qr: string;
}

export async function batchRow(sql: Sql | Tx, id: string, forUpdate = false): Promise<BatchRow | undefined> {
  const [row] = forUpdate
    ? await sql<BatchRow[]>`select * from card_batch where id = ${id} for update`
    : await sql<BatchRow[]>`select * from card_batch where id = ${id}`;
  return row;
}

export async function listBatches(sql: Sql, q: { receivingUnitId?: string; status?: BatchStatus; limit: number; offset: number }): Promise<BatchRow[]> {
  return sql<BatchRow[]>`
    select * from card_batch
    where (${q.receivingUnitId ?? null}::text is null or receiving_unit_id = ${q.receivingUnitId ?? null})
      and (${q.status ?? null}::text is null or status = ${q.status ?? null})
    order by created_at desc, id
    limit ${q.limit} offset ${q.offset}`;
}

/** Counts of the batch's applications and of its cards by state (destroyed ones included). */
export async function batchCounts(sql: Sql | Tx, ids: string[]): Promise<Map<string, { applications: number; cards: Record<string, number> }>> {
  const out = new Map<string, { applications: number; cards: Record<string, number> }>(ids.map((id) => [id, { applications: 0, cards: {} }]));
  if (ids.length === 0) return out;
  const apps = await sql<{ batch_id: string; n: number }[]>`
    select batch_id, count(*)::int as n from card_batch_application where batch_id = any(${ids}::uuid[]) group by batch_id`;
  for (const a of apps) out.get(a.batch_id)!.applications = a.n;
  const cards = await sql<{ batch_id: string; status: string; n: number }[]>`
    select batch_id, status, count(*)::int as n from card where batch_id = any(${ids}::uuid[]) group by batch_id, status`;
  for (const c of cards) out.get(c.batch_id)!.cards[c.status] = c.n;
  return out;
}

/** The batch's applications in order, each with its live (not destroyed) card if any. */
export async function batchCards(sql: Sql | Tx, batchId: string): Promise<BatchCardRow[]> {
  return sql<BatchCardRow[]>`
    select ba.application_id, ba.position, a.status as application_status, c.card_number, c.status as card_status
    from card_batch_application ba
    join card_application a on a.id = ba.application_id
    left join card c on c.application_id = ba.application_id and c.status <> 'destroyed'
    where ba.batch_id = ${batchId}
    order by ba.position`;
}

/**
 * Takes up to `limit` approved applications of the unit, oldest first, into a new batch: they
 * move to in_production in the same statement. SKIP LOCKED: two batches made at once for one unit
 * split the applications between them, never share one.
 */
export async function createBatchInTx(tx: Tx, input: { receivingUnitId: string; limit: number; createdBy: string }): Promise<{ batch: BatchRow; taken: number }> {
  const [{ ref }] = await tx<{ ref: string }[]>`
    select 'LSX-' || to_char(now() at time zone 'Asia/Ho_Chi_Minh', 'YYYY') || '-' || lpad(nextval('card_batch_reference_seq')::text, 6, '0') as ref`;
  const [batch] = await tx<BatchRow[]>`
    insert into card_batch (reference, receiving_unit_id, created_by) values (${ref!}, ${input.receivingUnitId}, ${input.createdBy}) returning *`;
  const taken = await tx<{ id: string }[]>`
    with picked as (
      select id, row_number() over (order by created_at, id) as position from (
        select id, created_at from card_application
        where receiving_unit_id = ${input.receivingUnitId} and status = 'approved'
        order by created_at, id
        limit ${input.limit}
        for update skip locked) a
    ), moved as (
      update card_application a set status = 'in_production', updated_at = now(), version = a.version + 1
      from picked where a.id = picked.id
      returning a.id
    )
    insert into card_batch_application (batch_id, application_id, position)
    select ${batch!.id}, picked.id, picked.position from picked join moved using (id)
    returning application_id as id`;
  return { batch: batch!, taken: taken.length };
}

export async function setBatchStatusInTx(tx: Tx, id: string, status: BatchStatus): Promise<BatchRow> {
  const [row] = await tx<BatchRow[]>`
    update card_batch set status = ${status}, updated_at = now(),
      shipped_at = case when ${status} in ('shipped', 'received') then coalesce(shipped_at, now()) else shipped_at end,
      received_at = case when ${status} = 'received' then now() else received_at end
    where id = ${id} returning *`;
  return row!;
}

/** Locks the application and returns it with its live card, if any (the re-run's "already done?"). */
export async function lockApplicationInTx(tx: Tx, applicationId: string): Promise<{ app: ApplicationForCard; live: { card_number: string; status: CardStatus } | undefined } | undefined> {
  const [app] = await tx<ApplicationForCard[]>`
    select id, person_id, status, receiving_unit_id, declared_changes, photo_jpeg from card_application where id = ${applicationId} for update`;
  if (!app) return undefined;
  const [live] = await tx<{ card_number: string; status: CardStatus }[]>`
    select card_number, status from card where application_id = ${applicationId} and status <> 'destroyed'`;
  return { app, live };
}

/** The captured fingers of an application, for DG3 (the missing ones have no image). */
export async function capturedFingers(sql: Sql | Tx, applicationId: string): Promise<Array<{ position: number; image: Buffer; width: number | null; height: number | null; quality: number }>> {
  return sql`
    select position, image, width, height, quality from card_application_finger
    where application_id = ${applicationId} and image is not null order by position`;
}

export async function fingerCount(sql: Sql | Tx, applicationId: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from card_application_finger where application_id = ${applicationId} and image is not null`;
  return n!;
}

export async function destroyCardInTx(tx: Tx, cardNumber: string, reason: string): Promise<void> {
  await tx`update card set status = 'destroyed', status_changed_at = now(), status_reason = ${reason} where card_number = ${cardNumber}`;
}

export interface NewCard {
  cardNumber: string; applicationId: string; personId: string; batchId: string; issueDate: string; expiryDate: string | null;
  mrz: string[]; can: string | null; files: Record<string, string>; caKeyPem: string | null; aaKeyPem: string | null; dsLabel: string;
  eacTrustPoints: Buffer[] | null; eacDate: Date | null;
  qr: string; faceFront: Buffer; faceBack: Buffer; facePdf: Buffer;
}

export async function insertCardInTx(tx: Tx, c: NewCard): Promise<void> {
  await tx`
    insert into card (card_number, application_id, person_id, batch_id, status, issue_date, expiry_date)
    values (${c.cardNumber}, ${c.applicationId}, ${c.personId}, ${c.batchId}, 'personalised', ${c.issueDate}, ${c.expiryDate})`;
  await tx`
    -- postgres.js sends a Buffer[] as one bytea (and reads bytea[] elements back as text): the
    -- trust points go as hex text decoded by the database, and come back base64-encoded by it.
    insert into card_chip (card_number, mrz, can, files, ca_key_pem, aa_key_pem, eac_trust_points, eac_date, ds_label, qr, face_front, face_back, face_pdf)
    values (${c.cardNumber}, ${c.mrz}, ${c.can}, ${tx.json(c.files)}, ${c.caKeyPem}, ${c.aaKeyPem},
      (select array_agg(decode(h, 'hex') order by i) from unnest(${c.eacTrustPoints?.map((b) => b.toString('hex')) ?? null}::text[]) with ordinality as t(h, i)),
      ${c.eacDate}, ${c.dsLabel}, ${c.qr}, ${c.faceFront}, ${c.faceBack}, ${c.facePdf})`;
}

export async function chipRow(sql: Sql | Tx, cardNumber: string): Promise<ChipRow | undefined> {
  const [row] = await sql<ChipRow[]>`
    select c.card_number, c.person_id, c.batch_id, b.receiving_unit_id, c.status, c.issue_date::text, c.expiry_date::text,
           h.mrz, h.can, h.files, h.ca_key_pem, h.aa_key_pem, 
           case when h.eac_trust_points is null then null else array(select translate(encode(p, 'base64'), E'\n', '') from unnest(h.eac_trust_points) p) end as eac_trust_points,
           h.eac_date, h.face_front, h.face_back, h.face_pdf, h.qr
    from card c join card_chip h using (card_number) join card_batch b on b.id = c.batch_id
    where c.card_number = ${cardNumber}`;
  return row;
}

/** The batch's cards awaiting quality control, with what the virtual chip needs. */
export async function cardsForQc(sql: Sql | Tx, batchId: string): Promise<ChipRow[]> {
  return sql<ChipRow[]>`
    select c.card_number, c.person_id, c.batch_id, b.receiving_unit_id, c.status, c.issue_date::text, c.expiry_date::text,
           h.mrz, h.can, h.files, h.ca_key_pem, h.aa_key_pem, 
           case when h.eac_trust_points is null then null else array(select translate(encode(p, 'base64'), E'\n', '') from unnest(h.eac_trust_points) p) end as eac_trust_points,
           h.eac_date, ''::bytea as face_front, ''::bytea as face_back, ''::bytea as face_pdf, h.qr
    from card c join card_chip h using (card_number) join card_batch b on b.id = c.batch_id
    where c.batch_id = ${batchId} and c.status = 'personalised'
    order by c.card_number`;
}

export async function recordQcInTx(tx: Tx, cardNumber: string, passed: boolean, result: unknown): Promise<boolean> {
  const rows = await tx`
    update card set status = ${passed ? 'quality_checked' : 'qc_failed'}, status_changed_at = now(),
      status_reason = ${passed ? null : 'quality control failed'}
    where card_number = ${cardNumber} and status = 'personalised' returning 1`;
  if (rows.length === 0) return false;
  await tx`update card_chip set qc_at = now(), qc_result = ${tx.json(result as never)} where card_number = ${cardNumber}`;
  if (passed) {
    await tx`
      update card_application a set status = 'produced', updated_at = now(), version = a.version + 1
      from card c where c.card_number = ${cardNumber} and a.id = c.application_id and a.status = 'in_production'`;
  }
  return true;
}

/** Moves every card of the batch in state `from` to `to`; returns how many. */
export async function moveCardsInTx(tx: Tx, batchId: string, from: CardStatus, to: CardStatus): Promise<number> {
  const rows = await tx`
    update card set status = ${to}, status_changed_at = now(), status_reason = null
    where batch_id = ${batchId} and status = ${from} returning 1`;
  return rows.length;
}
