// Hand-over and the card's life after it (docs/cards.md "Hand-over and lifecycle"; DESIGN.md §6
// "Identity card"): ready → active at the receiving office, the holder's previous card collected
// and retired (replaced) in the same transaction; active → lost | stolen (reported by an officer or
// by the citizen) | revoked (central or provincial officer, with a reason) | expired (past the
// printed expiry date). Every change is authorised (role AND jurisdiction) before anything is
// written, audited in its transaction, and — when it changes the set of cards that are not valid —
// issues a new signed revocation list in that same transaction (revocation-list.ts).
//
// Jurisdiction over a card (docs/security.md): its holder lives there, or it is handed over there.
// Hand-over itself belongs to the receiving office only (an officer whose jurisdiction holds the
// application's receiving unit); revocation to the holder's province (or central officers).
import { unitIndex } from '../admin-units/service.ts';
import { appendAuditInTx } from '../audit/log.ts';
import { inJurisdiction, outsideJurisdiction, requireRole, PERSON_ROLES, type PersonLocation } from '../auth/access.ts';
import type { Officer, Role } from '../auth/officers.ts';
import { todayInVietnam } from '../calendar.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
import { actorOf, getPerson, personLocation, writeTx, type Caller } from '../registry/service.ts';
import type { Services } from '../services.ts';
import { isCardNumber } from './card-number.ts';
import {
  activeCardOfInTx, applicationHandedOverInTx, cardRow, dueToExpireInTx, eventOfRequestInTx, lockCardInTx, lockPersonCardsInTx, personCards,
  recordEventInTx, setStatusInTx, type CardRow, type CardStatus,
} from './lifecycle-sql.ts';
import { issueListInTx, LISTED } from './revocation-list.ts';

/** Revocation is a decision of the holder's province or of the centre (issue 16 §4). */
export const REVOKE_ROLES: readonly Role[] = ['central', 'province'];

/** Card states before the citizen has the card: it may be revoked, not reported lost. */
const BEFORE_HAND_OVER: readonly CardStatus[] = ['personalised', 'qc_failed', 'quality_checked', 'shipped', 'ready'];

/** A card number from a path, or 400 invalid-card-number (ICAO 9303-3 §4.9 check digit). */
export function checkCardNumber(value: string, pointer = '/params/cardNumber'): string {
  if (isCardNumber(value)) return value;
  const message = /^[0-9]{10}$/.test(value) ? 'the check digit does not match the first nine digits' : 'must be 10 digits';
  throw new ProblemError('invalid-card-number', `${pointer}: ${message}`, { errors: [{ pointer, message }] });
}

/**
 * What a card's state means today: an active card past its printed expiry date is expired on
 * read, whether or not the sweep (expireDueCards) has recorded it yet. The date is the calendar
 * day in Vietnam; the card is valid through its expiry date.
 */
export function effectiveStatus(row: Pick<CardRow, 'status' | 'expiry_date'>, today = todayInVietnam()): CardStatus {
  if (row.status === 'active' && row.expiry_date !== null && row.expiry_date < today) return 'expired';
  return row.status;
}

/** The reason class the public status endpoint gives for a card that is not valid. */
export type ReasonClass = 'lost-or-stolen' | 'revoked' | 'replaced' | 'expired' | 'not-issued';

export function reasonClass(status: CardStatus): ReasonClass | null {
  if (status === 'active') return null;
  if (status === 'expired') return 'expired';
  return LISTED[status] ?? 'not-issued';
}

function unitLocation(unitId: string, units: Awaited<ReturnType<typeof unitIndex>>): PersonLocation {
  const u = units.get(unitId);
  if (!u) return { communeId: null, provinceId: null };
  return u.level === 'commune' ? { communeId: u.id, provinceId: u.provinceId } : { communeId: null, provinceId: u.id };
}

async function holderLocation(sql: Sql | Tx, personId: string): Promise<PersonLocation> {
  return (await personLocation(sql as Sql, personId)) ?? { communeId: null, provinceId: null };
}

/** Holder lives in the officer's jurisdiction, or the card is handed over there. */
async function requireCardJurisdiction(services: Services, sql: Sql | Tx, officer: Officer, row: CardRow): Promise<void> {
  requireRole(officer, PERSON_ROLES);
  // The unit index is per database client (loaded once): always the pool's, never a transaction's.
  const units = await unitIndex(services.sql);
  if (inJurisdiction(officer, unitLocation(row.receiving_unit_id, units))) return;
  if (inJurisdiction(officer, await holderLocation(sql, row.person_id))) return;
  throw new ProblemError('outside-jurisdiction', `card ${row.card_number}: its holder lives, and it is handed over, outside ${officer.jurisdiction?.name ?? 'your jurisdiction'}`);
}

function notFound(cardNumber: string): ProblemError {
  return new ProblemError('not-found', `no card ${cardNumber}`);
}

function wrongState(row: CardRow, wanted: string, status: CardStatus = row.status): ProblemError {
  return new ProblemError('card-state-conflict', `card ${row.card_number} is ${status}; ${wanted}`, { cardStatus: status });
}

export function cardView(row: CardRow, today = todayInVietnam()) {
  return {
    cardNumber: row.card_number, idNumber: row.person_id, status: effectiveStatus(row, today), recordedStatus: row.status,
    issueDate: row.issue_date, expiryDate: row.expiry_date,
    handedOverAt: row.handed_over_at?.toISOString() ?? null, handedOverBy: row.handed_over_by,
    statusChangedAt: row.status_changed_at.toISOString(), statusReason: row.status_reason, replacedBy: row.replaced_by,
    application: { id: row.application_id, reference: row.application_reference, kind: row.application_kind, receivingUnitId: row.receiving_unit_id },
  };
}
export type CardView = ReturnType<typeof cardView>;

// ---- reads (officers; audited) ----

export async function readCard(services: Services, caller: Caller, cardNumber: string): Promise<CardView> {
  requireRole(caller.officer, PERSON_ROLES);
  const row = await cardRow(services.sql, cardNumber);
  if (!row) throw notFound(cardNumber);
  caller.trail.use(row.person_id, 'card-holder');
  await requireCardJurisdiction(services, services.sql, caller.officer, row);
  await services.audit.record({ actor: actorOf(caller.officer), action: 'card.read', subject: row.person_id, requestId: caller.requestId, details: { cardNumber } });
  caller.trail.outcomeRecorded = true;
  return cardView(row);
}

/** Every card of a person (newest first), for an officer whose jurisdiction holds where they live. */
export async function readPersonCards(services: Services, caller: Caller, idNumber: string): Promise<{ idNumber: string; items: CardView[] }> {
  requireRole(caller.officer, PERSON_ROLES);
  const where = await personLocation(services.sql, idNumber);
  if (!where) throw new ProblemError('not-found', `no person with ID number ${idNumber}`);
  caller.trail.use(idNumber, 'card-holder');
  if (!inJurisdiction(caller.officer, where)) throw outsideJurisdiction(caller.officer);
  const rows = await personCards(services.sql, idNumber);
  await services.audit.record({ actor: actorOf(caller.officer), action: 'person.cards.read', subject: idNumber, requestId: caller.requestId, details: { cards: rows.length } });
  caller.trail.outcomeRecorded = true;
  const today = todayInVietnam();
  return { idNumber, items: rows.map((r) => cardView(r, today)) };
}

/** GET /cards/{n}/status: no login, minimal disclosure — validity and dates, nothing personal. */
export async function publicStatus(sql: Sql, cardNumber: string) {
  const row = await cardRow(sql, cardNumber);
  if (!row) throw notFound(cardNumber);
  const status = effectiveStatus(row);
  const reason = reasonClass(status);
  return { cardNumber, valid: reason === null, reason, issueDate: row.issue_date, expiryDate: row.expiry_date, checkedAt: new Date().toISOString() };
}

// ---- writes ----

/**
 * Hand-over at the receiving office: the card ready → active, its application → handed_over, and
 * the holder's previous active card (if any) collected and retired as `replaced` by this one, in
 * one transaction. The old card is retired first: card_one_active is a unique index, checked row
 * by row, so the new card can become active only once the old one is not.
 */
export async function handOver(services: Services, caller: Caller, cardNumber: string, input: { note?: string }): Promise<CardView & { retired: string | null }> {
  requireRole(caller.officer, PERSON_ROLES);
  const units = await unitIndex(services.sql);
  return writeTx(services, caller, async (tx, key) => {
    const peek = await cardRow(tx, cardNumber);
    if (!peek) throw notFound(cardNumber);
    await lockPersonCardsInTx(tx, peek.person_id);
    const row = (await lockCardInTx(tx, cardNumber))!;
    caller.trail.use(row.person_id, 'card-holder');
    // Only the office that received the application hands the card over (it holds the batch).
    if (!inJurisdiction(caller.officer, unitLocation(row.receiving_unit_id, units))) {
      throw new ProblemError('outside-jurisdiction', `card ${cardNumber} is handed over at ${units.get(row.receiving_unit_id)?.name ?? row.receiving_unit_id}, outside ${caller.officer.jurisdiction?.name ?? 'your jurisdiction'}`);
    }
    // A retry of this very request (writeTx bound the key to it): answered with what it did.
    const prior = await eventOfRequestInTx(tx, key, cardNumber, ['hand-over']);
    if (prior) return { ...cardView(row), retired: prior.other_card };
    if (row.status !== 'ready') throw wrongState(row, 'only a card that is ready at the receiving office can be handed over');
    const actor = actorOf(caller.officer);
    const old = await activeCardOfInTx(tx, row.person_id, cardNumber);
    if (old) {
      await setStatusInTx(tx, old.card_number, 'replaced', `collected at the hand-over of ${cardNumber}`, { replacedBy: cardNumber });
      await recordEventInTx(tx, { cardNumber: old.card_number, action: 'replaced', from: 'active', to: 'replaced', actor, requestKey: key, otherCard: cardNumber });
    }
    await setStatusInTx(tx, cardNumber, 'active', input.note ?? null, { handedOverBy: actor });
    await recordEventInTx(tx, { cardNumber, action: 'hand-over', from: 'ready', to: 'active', actor, requestKey: key, otherCard: old?.card_number ?? null });
    await applicationHandedOverInTx(tx, row.application_id);
    caller.trail.written.add(row.person_id);
    await appendAuditInTx(tx, [
      { actor, action: 'card.hand-over', subject: row.person_id, requestId: caller.requestId, details: { cardNumber, applicationId: row.application_id, retired: old?.card_number ?? null } },
      ...(old ? [{ actor, action: 'card.replaced', subject: row.person_id, requestId: caller.requestId, details: { cardNumber: old.card_number, replacedBy: cardNumber } }] : []),
    ]);
    // A retired card joins the revocation list.
    if (old) await issueListInTx(services, tx);
    return { ...cardView((await cardRow(tx, cardNumber))!), retired: old?.card_number ?? null };
  });
}

export interface LossInput { kind: 'lost' | 'stolen'; note?: string }

/** Marks an active card lost or stolen and issues a new revocation list, in one transaction. */
async function markLostInTx(services: Services, tx: Tx, row: CardRow, input: LossInput, who: { actor: string; requestId: string; requestKey: string | null; reportedBy: 'officer' | 'citizen' }): Promise<void> {
  const status = effectiveStatus(row);
  if (status !== 'active') throw wrongState(row, 'only a card in its holder\'s hands (active) can be reported lost or stolen', status);
  await setStatusInTx(tx, row.card_number, input.kind, `${input.kind}, reported by the ${who.reportedBy}${input.note ? `: ${input.note}` : ''}`);
  await recordEventInTx(tx, { cardNumber: row.card_number, action: input.kind, from: 'active', to: input.kind, actor: who.actor, requestKey: who.requestKey });
  await appendAuditInTx(tx, [{ actor: who.actor, action: `card.${input.kind}`, subject: row.person_id, requestId: who.requestId, details: { cardNumber: row.card_number, reportedBy: who.reportedBy } }]);
  await issueListInTx(services, tx);
}

export async function reportLoss(services: Services, caller: Caller, cardNumber: string, input: LossInput): Promise<CardView> {
  requireRole(caller.officer, PERSON_ROLES);
  return writeTx(services, caller, async (tx, key) => {
    const row = await lockCardInTx(tx, cardNumber);
    if (!row) throw notFound(cardNumber);
    caller.trail.use(row.person_id, 'card-holder');
    await requireCardJurisdiction(services, tx, caller.officer, row);
    if (await eventOfRequestInTx(tx, key, cardNumber, ['lost', 'stolen'])) return cardView(row);
    await markLostInTx(services, tx, row, input, { actor: actorOf(caller.officer), requestId: caller.requestId, requestKey: key, reportedBy: 'officer' });
    caller.trail.written.add(row.person_id);
    return cardView((await cardRow(tx, cardNumber))!);
  });
}

/**
 * The citizen's own report, without an account (there is none before the e-ID): the card number
 * with the holder's ID number and date of birth. All three are printed on the card, so this
 * proves no more than having seen it; what it can do is limited to what the owner wants done
 * anyway when the card is out of their hands — make it not valid. A wrong combination gets one
 * answer whatever was wrong (the endpoint must not tell which card belongs to which ID number),
 * the route is rate-limited per address, and every report is audited with the caller's address.
 */
export async function citizenReportLoss(services: Services, request: { requestId: string; ip: string }, cardNumber: string, input: LossInput & { idNumber: string; birthDate: string }): Promise<{ cardNumber: string; status: 'lost' | 'stolen' }> {
  const mismatch = () => new ProblemError('card-claim-mismatch', 'no card in a holder\'s hands has this number with this ID number and date of birth');
  const actor = `citizen:${request.ip}`;
  try {
    return await citizenReportInTx(services, request, cardNumber, input, actor, mismatch);
  } catch (err) {
    // A refused claim is a trace worth keeping (someone pairing card and ID numbers): recorded
    // against the card's holder when the number names a card, outside the rolled-back transaction.
    if (err instanceof ProblemError && err.kind === 'card-claim-mismatch') {
      const row = await cardRow(services.sql, cardNumber);
      await services.audit.record({ actor, action: 'card.loss-report.refused', subject: row?.person_id ?? null, requestId: request.requestId, details: { cardNumber } });
    }
    throw err;
  }
}

function citizenReportInTx(services: Services, request: { requestId: string }, cardNumber: string, input: LossInput & { idNumber: string; birthDate: string }, actor: string, mismatch: () => ProblemError) {
  return services.sql.begin(async (tx) => {
    const row = await lockCardInTx(tx, cardNumber);
    if (!row || row.person_id !== input.idNumber) throw mismatch();
    const person = await getPerson(services.sql, row.person_id);
    if (!person || person.birthDate !== input.birthDate) throw mismatch();
    // A card not in the citizen's hands is no business of theirs: the same answer as a mismatch.
    if (effectiveStatus(row) !== 'active') throw mismatch();
    await markLostInTx(services, tx, row, input, { actor, requestId: request.requestId, requestKey: null, reportedBy: 'citizen' });
    return { cardNumber, status: input.kind };
  }) as Promise<{ cardNumber: string; status: 'lost' | 'stolen' }>;
}

export async function revokeCard(services: Services, caller: Caller, cardNumber: string, input: { reason: string }): Promise<CardView> {
  requireRole(caller.officer, REVOKE_ROLES);
  return writeTx(services, caller, async (tx, key) => {
    const row = await lockCardInTx(tx, cardNumber);
    if (!row) throw notFound(cardNumber);
    caller.trail.use(row.person_id, 'card-holder');
    // The holder's province decides (or the centre): where the holder lives, not where the card was handed over.
    if (!inJurisdiction(caller.officer, await holderLocation(tx, row.person_id))) throw outsideJurisdiction(caller.officer);
    if (await eventOfRequestInTx(tx, key, cardNumber, ['revoked'])) return cardView(row);
    const status = effectiveStatus(row);
    if (status !== 'active' && !BEFORE_HAND_OVER.includes(status)) throw wrongState(row, 'only a card that is active or not yet handed over can be revoked', status);
    const actor = actorOf(caller.officer);
    await setStatusInTx(tx, cardNumber, 'revoked', input.reason);
    await recordEventInTx(tx, { cardNumber, action: 'revoked', from: row.status, to: 'revoked', actor, requestKey: key });
    caller.trail.written.add(row.person_id);
    await appendAuditInTx(tx, [{ actor, action: 'card.revoke', subject: row.person_id, requestId: caller.requestId, details: { cardNumber, from: status, reason: input.reason } }]);
    await issueListInTx(services, tx);
    return cardView((await cardRow(tx, cardNumber))!);
  });
}

/**
 * The expiry sweep: records as `expired` every active card whose printed expiry date is before
 * `today`, in batches (skip locked: several server processes may sweep at once), each audited.
 * Reads do not wait for it (effectiveStatus); expired cards are not listed on the revocation list
 * (their expiry date is on their face), so no list is issued. Returns how many cards it expired.
 */
export async function expireDueCards(services: Services, today = todayInVietnam(), batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await services.sql.begin(async (tx) => {
      const due = await dueToExpireInTx(tx, today, batch);
      for (const c of due) {
        await setStatusInTx(tx, c.card_number, 'expired', `printed expiry date ${c.expiry_date} passed`);
        await recordEventInTx(tx, { cardNumber: c.card_number, action: 'expired', from: 'active', to: 'expired', actor: 'system:cards', requestKey: null });
      }
      await appendAuditInTx(tx, due.map((c) => ({ actor: 'system:cards', action: 'card.expire', subject: c.person_id, details: { cardNumber: c.card_number, expiryDate: c.expiry_date } })));
      return due.length;
    });
    total += n;
    if (n < batch) return total;
  }
}
