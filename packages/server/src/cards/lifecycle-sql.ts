// The lifecycle stage's SQL over `card` and `card_application` (migration 051, the contract shared
// with production). Functions taking a transaction end in `InTx`.
import type { Sql, Tx } from '../db/connect.ts';

export type CardStatus = 'personalised' | 'qc_failed' | 'quality_checked' | 'shipped' | 'ready' | 'active'
  | 'lost' | 'stolen' | 'revoked' | 'expired' | 'replaced' | 'destroyed';

export interface CardRow {
  card_number: string;
  application_id: string;
  person_id: string;
  batch_id: string;
  status: CardStatus;
  issue_date: string;
  expiry_date: string | null;
  handed_over_at: Date | null;
  handed_over_by: string | null;
  status_changed_at: Date;
  status_reason: string | null;
  replaced_by: string | null;
  created_at: Date;
  receiving_unit_id: string;
  application_reference: string;
  application_kind: string;
}

const CARD_COLUMNS = (sql: Sql | Tx) => sql`
  c.card_number, c.application_id::text as application_id, c.person_id, c.batch_id::text as batch_id, c.status,
  to_char(c.issue_date, 'YYYY-MM-DD') as issue_date, to_char(c.expiry_date, 'YYYY-MM-DD') as expiry_date,
  c.handed_over_at, c.handed_over_by, c.status_changed_at, c.status_reason, c.replaced_by, c.created_at,
  a.receiving_unit_id, a.reference as application_reference, a.kind as application_kind`;

export async function cardRow(sql: Sql | Tx, cardNumber: string): Promise<CardRow | undefined> {
  const [row] = await sql<CardRow[]>`
    select ${CARD_COLUMNS(sql)} from card c join card_application a on a.id = c.application_id where c.card_number = ${cardNumber}`;
  return row;
}

/** The card, locked for a change of state. */
export async function lockCardInTx(tx: Tx, cardNumber: string): Promise<CardRow | undefined> {
  const [row] = await tx<CardRow[]>`
    select ${CARD_COLUMNS(tx)} from card c join card_application a on a.id = c.application_id
    where c.card_number = ${cardNumber} for update of c`;
  return row;
}

/**
 * Serialises every change of a person's cards: two hand-overs for one person at once would each
 * see the same old card active and the second would break card_one_active; under this lock the
 * second sees the first's card and retires it.
 */
export async function lockPersonCardsInTx(tx: Tx, personId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtext('cancuoc.card.person'), hashtext(${personId}))`;
}

export async function personCards(sql: Sql | Tx, personId: string): Promise<CardRow[]> {
  return sql<CardRow[]>`
    select ${CARD_COLUMNS(sql)} from card c join card_application a on a.id = c.application_id
    where c.person_id = ${personId} order by c.issue_date desc, c.created_at desc`;
}

export async function activeCardOfInTx(tx: Tx, personId: string, except: string): Promise<CardRow | undefined> {
  const [row] = await tx<CardRow[]>`
    select ${CARD_COLUMNS(tx)} from card c join card_application a on a.id = c.application_id
    where c.person_id = ${personId} and c.status = 'active' and c.card_number <> ${except} for update of c`;
  return row;
}

export async function setStatusInTx(tx: Tx, cardNumber: string, status: CardStatus, reason: string | null, extra: { replacedBy?: string; handedOverBy?: string } = {}): Promise<void> {
  await tx`
    update card set status = ${status}, status_reason = ${reason}, status_changed_at = now(),
      replaced_by = coalesce(${extra.replacedBy ?? null}, replaced_by),
      handed_over_at = case when ${extra.handedOverBy ?? null}::text is null then handed_over_at else now() end,
      handed_over_by = coalesce(${extra.handedOverBy ?? null}, handed_over_by)
    where card_number = ${cardNumber}`;
}

export async function applicationHandedOverInTx(tx: Tx, applicationId: string): Promise<void> {
  await tx`update card_application set status = 'handed_over', updated_at = now(), version = version + 1 where id = ${applicationId}`;
}

/** Active cards whose printed expiry date is before `today`, locked (the expiry sweep). */
export async function dueToExpireInTx(tx: Tx, today: string, limit: number): Promise<{ card_number: string; person_id: string; expiry_date: string }[]> {
  return tx`
    select card_number, person_id, to_char(expiry_date, 'YYYY-MM-DD') as expiry_date from card
    where status = 'active' and expiry_date < ${today}::date
    order by expiry_date, card_number limit ${limit} for update skip locked`;
}

export interface DayCounts { unit_id: string; day: string; received: number; approved: number; produced: number; handed_over: number }

/**
 * Applications received, approved, produced and handed over per receiving unit and day
 * (Asia/Ho_Chi_Minh calendar days) between two dates inclusive. Approved counts every decision that
 * approved (status approved or beyond); produced counts cards by when they were made.
 */
export async function cardCountsByUnitDay(sql: Sql, from: string, to: string): Promise<DayCounts[]> {
  return sql<DayCounts[]>`
    with bounds as (
      select (${from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh' as lo, (${to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh' as hi
    ), events as (
      select a.receiving_unit_id as unit_id, a.created_at as at, 'received' as what from card_application a, bounds b
        where a.created_at >= b.lo and a.created_at < b.hi
      union all
      select a.receiving_unit_id, a.decided_at, 'approved' from card_application a, bounds b
        where a.status in ('approved', 'in_production', 'produced', 'handed_over') and a.decided_at >= b.lo and a.decided_at < b.hi
      union all
      select a.receiving_unit_id, c.created_at, 'produced' from card c join card_application a on a.id = c.application_id, bounds b
        where c.status not in ('personalised', 'qc_failed', 'destroyed') and c.created_at >= b.lo and c.created_at < b.hi
      union all
      select a.receiving_unit_id, c.handed_over_at, 'handed_over' from card c join card_application a on a.id = c.application_id, bounds b
        where c.handed_over_at >= b.lo and c.handed_over_at < b.hi
    )
    select unit_id, to_char(at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as day,
      count(*) filter (where what = 'received')::int as received, count(*) filter (where what = 'approved')::int as approved,
      count(*) filter (where what = 'produced')::int as produced, count(*) filter (where what = 'handed_over')::int as handed_over
    from events group by 1, 2 order by 2, 1`;
}

export type CardAction = 'hand-over' | 'replaced' | 'lost' | 'stolen' | 'revoked' | 'expired';

export async function recordEventInTx(tx: Tx, e: { cardNumber: string; action: CardAction; from: CardStatus; to: CardStatus; actor: string; requestKey: string | null; otherCard?: string | null }): Promise<void> {
  await tx`
    insert into card_event (card_number, action, from_status, to_status, actor, request_key, other_card)
    values (${e.cardNumber}, ${e.action}, ${e.from}, ${e.to}, ${e.actor}, ${e.requestKey}, ${e.otherCard ?? null})`;
}

/** The change this request already made to this card, if it is a retry. */
export async function eventOfRequestInTx(tx: Tx, requestKey: string, cardNumber: string, actions: CardAction[]): Promise<{ action: CardAction; other_card: string | null } | undefined> {
  const [row] = await tx<{ action: CardAction; other_card: string | null }[]>`
    select action, other_card from card_event where request_key = ${requestKey} and card_number = ${cardNumber} and action = any(${tx.array(actions)})`;
  return row;
}
