// Merging two records of the same person (issue 19; docs/data-model.md "Merges"): one record
// survives, the other's ID number is retired and points to the survivor from then on, every
// reference to the retired number moves to the survivor — children's father/mother, spouses,
// legal representatives, households it heads, and whatever other modules hold (cards,
// applications: merge listeners, below) — and the history of both records stays. Everything runs
// in the caller's write transaction (service.ts writeTx) through the write path (commitInTx):
// every record it changes gets a version, a 'merge' life event, an audit entry and an outbox
// event; a failure anywhere, a killed process included, leaves both records as they were.
//
// A merge can be undone by a central officer (or an administrator) within a window fixed when it
// is made (CANCUOC_MERGE_UNDO_DAYS, default 90: the time the Law on Complaints 2011, art. 9, gives
// to complain about an administrative decision). The undo restores the retired record as a new
// version of its own, reverts on the survivor and on every moved reference what the merge set
// there — where nobody changed it since — and calls the listeners back.
import { canonicalJson } from '../audit/chain.ts';
import { requireJurisdiction, requireRole } from '../auth/access.ts';
import type { Role } from '../auth/officers.ts';
import { todayInVietnam } from '../calendar.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
import type { Services } from '../services.ts';
import { DATA_COLUMNS, FIELD_OF_COLUMN } from './fields.ts';
import {
  insertMergeInTx, isRetiredInTx, lockMergeInTx, markMergeUndoneInTx, mergeOfRequestInTx, mergeRow, recordMergeOutcomeInTx,
  referencesToInTx, retireNumberInTx, storedVersionInTx, unretireNumberInTx, type MergeRow, type MovedReference,
} from './merge-sql.ts';
import { actorOf, locationOf, type Caller } from './service.ts';
import { householdRow, insertOutboxInTx, lockPersonInTx, personRow, setHouseholdHeadInTx, type PersonChanges, type PersonData, type PersonRow } from './sql.ts';
import { commitInTx } from './write-path.ts';

/** Roles that may undo a merge. */
export const UNDO_ROLES: readonly Role[] = ['admin', 'central'];

/** Days a merge can be undone, from CANCUOC_MERGE_UNDO_DAYS (default 90). */
export function mergeUndoDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CANCUOC_MERGE_UNDO_DAYS;
  if (raw === undefined || raw === '') return 90;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 36_500) throw new Error(`CANCUOC_MERGE_UNDO_DAYS must be a whole number of days (0–36500), got "${raw}"`);
  return n;
}

// ---- merge listeners: other modules' references ----

export interface MergeEvent {
  mergeId: string; survivor: string; retired: string;
  /** Who merges or undoes (`officer:<uuid>`), and the request's idempotency key. */
  actor: string; requestId: string;
}

/**
 * Another module's references to persons (a card's holder, an application's applicant). Called
 * inside the merge's transaction, after the register's own references moved: what onMerge
 * returns is kept with the merge and handed back to onUndo. A listener that throws fails the
 * merge (or the undo): nothing of it happened.
 */
export interface MergeListener {
  /** Stable name (the module's), the key of what it moved in person_merge.listeners. */
  name: string;
  onMerge(tx: Tx, merge: MergeEvent): Promise<unknown>;
  onUndo(tx: Tx, merge: MergeEvent & { moved: unknown }): Promise<void>;
}

const LISTENERS = new Map<string, MergeListener>();

/** Registers a listener (once per name); returns the function that removes it. */
export function registerMergeListener(listener: MergeListener): () => void {
  if (LISTENERS.has(listener.name) && LISTENERS.get(listener.name) !== listener) throw new Error(`a merge listener named ${listener.name} is already registered`);
  LISTENERS.set(listener.name, listener);
  return () => { if (LISTENERS.get(listener.name) === listener) LISTENERS.delete(listener.name); };
}

// ---- what the survivor takes from the retired record ----

/** Single fields the survivor takes when its own is empty. */
const FILLED = ['place_of_birth', 'birth_registration_unit_id', 'native_place', 'blood_type', 'old_id_number', 'previous_card', 'phone', 'email'] as const;
/** Relatives the survivor takes (ID number and name together) when it names none. */
const RELATIVES = [['father_id', 'father_name'], ['mother_id', 'mother_name'], ['legal_representative_id', 'legal_representative_name']] as const;
/** Columns of other records that name a person by ID number. */
const REFERENCE_COLUMNS = ['father_id', 'mother_id', 'spouse_id', 'legal_representative_id'] as const;

const empty = (v: unknown) => v === null || v === undefined;
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function refuse(reason: string, detail: string): ProblemError {
  return new ProblemError('merge-not-allowed', detail, { reason });
}

/**
 * What the merge sets on the survivor: its empty fields from the retired record, the retired
 * record's names among its other names (a married name, a spelling), the retired record's
 * relatives, spouse (with the marital status that goes with them) and household where the
 * survivor has none. The survivor's own values always win; residence, dates of birth and death and
 * sex stay as the survivor has them.
 */
export function survivorChanges(s: PersonRow, r: PersonRow): PersonChanges {
  const changes: Record<string, unknown> = {};
  for (const column of FILLED) if (empty(s[column]) && !empty(r[column])) changes[column] = r[column];
  for (const [id, name] of RELATIVES) {
    if (empty(s[id]) && empty(s[name]) && (!empty(r[id]) || !empty(r[name]))) {
      changes[id] = r[id];
      changes[name] = r[name];
    }
  }
  if (empty(s.spouse_id) && empty(s.spouse_name) && (!empty(r.spouse_id) || !empty(r.spouse_name))) {
    changes.spouse_id = r.spouse_id;
    changes.spouse_name = r.spouse_name;
    // The marital status that goes with that spouse (married, or widowed of them).
    if (s.marital_status !== r.marital_status) changes.marital_status = r.marital_status;
  }
  const names = [...s.other_names];
  for (const n of [r.full_name, ...r.other_names]) if (n !== s.full_name && !names.includes(n)) names.push(n);
  if (names.length !== s.other_names.length) changes.other_names = names;
  if (empty(s.household_id) && !empty(r.household_id)) {
    changes.household_id = r.household_id;
    changes.relationship_to_head = r.relationship_to_head;
  }
  return changes as PersonChanges;
}

/** Why two records cannot be one person, whatever an officer decides. */
function checkMergeable(s: PersonRow, r: PersonRow): void {
  for (const [x, y] of [[s, r], [r, s]] as const) {
    for (const column of REFERENCE_COLUMNS) {
      if (x[column] === y.id_number) {
        throw refuse('related', `${x.id_number} names ${y.id_number} as ${FIELD_OF_COLUMN[column]}: two records of one person cannot be related to each other`);
      }
    }
  }
  if (s.spouse_id && r.spouse_id && s.spouse_id !== r.spouse_id) {
    throw refuse('conflicting-spouses', `${s.id_number} and ${r.id_number} are married to different persons (${s.spouse_id}, ${r.spouse_id}): settle the marriages first`);
  }
}

export interface MergeView {
  id: string;
  survivor: string;
  retired: string;
  mergedAt: string;
  mergedBy: string;
  legalBasis: string;
  undoUntil: string;
  /** Fields (JSON names) the merge set on the survivor. */
  survivorFields: string[];
  /** References that moved to the survivor. */
  moved: { kind: 'person' | 'household'; id: string; fields?: string[] }[];
  /** Earlier retired numbers that pointed to the retired record and point to the survivor now. */
  repointed: string[];
  /** Other modules' references moved, per module (merge listeners). */
  modules: string[];
  undone: { at: string; by: string; legalBasis: string } | null;
}

export function toMergeView(m: MergeRow): MergeView {
  return {
    id: m.id, survivor: m.survivor, retired: m.retired, mergedAt: m.merged_at.toISOString(), mergedBy: m.merged_by,
    legalBasis: m.legal_basis, undoUntil: m.undo_until.toISOString(),
    survivorFields: [...new Set(Object.keys(m.survivor_changes).map((c) => FIELD_OF_COLUMN[c as keyof typeof FIELD_OF_COLUMN] ?? c))],
    moved: m.moved.map((x) => (x.kind === 'person'
      ? { kind: 'person' as const, id: x.idNumber, fields: [...new Set(x.columns.map((c) => FIELD_OF_COLUMN[c as keyof typeof FIELD_OF_COLUMN] ?? c))] }
      : { kind: 'household' as const, id: x.id })),
    repointed: m.repointed, modules: Object.keys(m.listeners),
    undone: m.undone_at ? { at: m.undone_at.toISOString(), by: m.undone_by!, legalBasis: m.undo_legal_basis! } : null,
  };
}

/**
 * Merges `retired` into `survivor` inside the caller's write transaction (writeTx; `key` is its
 * idempotency key). Both records must be in the officer's jurisdiction; the records that refer to
 * the retired number (a child, a spouse, a ward) and the households it heads may be anywhere:
 * their change is a consequence of the merge, as a spouse's record changes with a divorce.
 */
export async function mergePersonsInTx(tx: Tx, caller: Caller, key: string,
  input: { survivor: string; retired: string; legalBasis: string; details?: Record<string, unknown> }): Promise<{ merge: MergeView; replayed: boolean }> {
  const prior = await mergeOfRequestInTx(tx, key);
  if (prior) return { merge: toMergeView(prior), replayed: true };
  if (input.survivor === input.retired) throw refuse('same-record', `${input.survivor} cannot be merged into itself`);
  const officer = caller.officer;
  const actor = actorOf(officer);
  // Both records locked in ID-number order, as every two-person act does (life-events.ts lockPair).
  const [first, second] = [input.survivor, input.retired].sort();
  const rows = new Map<string, PersonRow | undefined>([[first!, await lockPersonInTx(tx, first!)], [second!, await lockPersonInTx(tx, second!)]]);
  const s = rows.get(input.survivor);
  const r = rows.get(input.retired);
  for (const [id, row] of [[input.survivor, s], [input.retired, r]] as const) {
    if (!row) {
      if (await isRetiredInTx(tx, id)) throw refuse('retired', `${id} was already merged into another record`);
      throw new ProblemError('not-found', `no person with ID number ${id}`);
    }
  }
  requireJurisdiction(officer, locationOf(s!));
  requireJurisdiction(officer, locationOf(r!));
  checkMergeable(s!, r!);

  const changes = survivorChanges(s!, r!) as Record<string, unknown>;
  const refs = await referencesToInTx(tx, r!.id_number);
  // The survivor's household after the merge: a household the retired record headed keeps a head
  // only if the survivor lives in it; otherwise it is left without one, as when a head leaves.
  const survivorHousehold = (changes.household_id ?? s!.household_id) as string | null;
  const moved: MovedReference[] = [];
  const personMoves: { row: PersonRow; changes: Record<string, unknown>; columns: string[] }[] = [];
  for (const x of refs.persons) {
    if (x.id_number === s!.id_number || x.id_number === r!.id_number) continue;
    const columns = REFERENCE_COLUMNS.filter((c) => x[c] === r!.id_number);
    personMoves.push({ row: x, columns, changes: Object.fromEntries(columns.map((c) => [c, s!.id_number])) });
    moved.push({ kind: 'person', idNumber: x.id_number, columns });
  }
  for (const h of refs.households) moved.push({ kind: 'household', id: h.id, to: h.id === survivorHousehold ? s!.id_number : null });

  const m = await insertMergeInTx(tx, {
    survivor: s!.id_number, retired: r!.id_number, actor, legalBasis: input.legalBasis, requestId: key, undoDays: mergeUndoDays(),
    retiredVersion: r!.version, survivorVersion: s!.version + 1, moved,
    survivorChanges: Object.fromEntries(Object.entries(changes).map(([c, to]) => [c, { from: s![c as keyof PersonRow] ?? null, to }])),
  });
  const date = todayInVietnam();
  const event = (role: string, extra: Record<string, unknown> = {}) => ({
    kind: 'merge' as const, date, details: { mergeId: m.id, role, survivor: s!.id_number, retired: r!.id_number, ...(input.details ?? {}), ...extra },
  });
  const common = { actor, legalBasis: input.legalBasis, requestId: key, trail: caller.trail };

  for (const x of personMoves) {
    await commitInTx(tx, {
      ...common, action: 'person.merge-reference', subject: x.row.id_number, before: x.row, after: x.changes as PersonChanges,
      event: event('relative', { fields: x.columns.map((c) => FIELD_OF_COLUMN[c as keyof typeof FIELD_OF_COLUMN]) }),
    });
  }
  for (const h of moved) if (h.kind === 'household') await setHouseholdHeadInTx(tx, h.id, h.to);
  await commitInTx(tx, {
    ...common, action: 'person.merge', subject: s!.id_number, before: s!, after: changes as PersonChanges,
    event: event('survivor', { fields: Object.keys(changes).map((c) => FIELD_OF_COLUMN[c as keyof typeof FIELD_OF_COLUMN]) }),
  });
  await commitInTx(tx, { ...common, action: 'person.retire', subject: r!.id_number, before: r!, after: null, event: event('retired') });
  const repointed = await retireNumberInTx(tx, r!.id_number, s!.id_number, m.id);
  const listeners: Record<string, unknown> = {};
  for (const l of LISTENERS.values()) {
    listeners[l.name] = (await l.onMerge(tx, { mergeId: m.id, survivor: s!.id_number, retired: r!.id_number, actor, requestId: key })) ?? null;
  }
  await recordMergeOutcomeInTx(tx, m.id, { repointed, listeners });
  await insertOutboxInTx(tx, 'person.merged', s!.id_number, { mergeId: m.id, survivor: s!.id_number, retired: r!.id_number });
  return { merge: toMergeView({ ...m, repointed, listeners }), replayed: false };
}

/** A person row from the data person_version keeps (column names, JSON values). */
function fromStoredVersion(data: Record<string, unknown>): PersonData {
  const out: Record<string, unknown> = {};
  for (const c of DATA_COLUMNS) out[c] = data[c] ?? null;
  if (out.household_id !== null) out.household_id = String(out.household_id);
  out.other_names ??= [];
  return out as unknown as PersonData;
}

/**
 * Undoes a merge (central officers, administrators) inside the caller's write transaction: the
 * retired record comes back with its number (a new version of its own, holding what it held),
 * and every value the merge set — on the survivor, on the records and households whose references
 * moved, in other modules (listeners) — goes back where nobody changed it since. A survivor
 * merged again since must be un-merged first.
 */
export async function undoMergeInTx(tx: Tx, caller: Caller, key: string, mergeId: string, input: { legalBasis: string }): Promise<{ merge: MergeView; replayed: boolean }> {
  requireRole(caller.officer, UNDO_ROLES);
  const m = await lockMergeInTx(tx, mergeId);
  if (!m) throw new ProblemError('not-found', `no merge ${mergeId}`);
  if (m.undone_at) {
    if (m.undo_request_id === key) return { merge: toMergeView(m), replayed: true };
    throw new ProblemError('merge-undo-not-allowed', `merge ${mergeId} was undone on ${m.undone_at.toISOString()}`, { reason: 'already-undone' });
  }
  if (m.undo_until.getTime() < Date.now()) {
    throw new ProblemError('merge-undo-not-allowed', `merge ${mergeId} could be undone until ${m.undo_until.toISOString()}`, { reason: 'window-closed' });
  }
  if (await isRetiredInTx(tx, m.survivor)) {
    throw new ProblemError('merge-undo-not-allowed', `the survivor ${m.survivor} was merged into another record since: undo that merge first`, { reason: 'survivor-merged-again' });
  }
  const actor = actorOf(caller.officer);
  const s = await lockPersonInTx(tx, m.survivor);
  if (!s) throw new Error(`merge ${mergeId}: the survivor ${m.survivor} is neither in the register nor retired`);
  const data = await storedVersionInTx(tx, m.retired, m.retired_version);
  if (!data) throw new Error(`merge ${mergeId}: version ${m.retired_version} of ${m.retired} is missing from person_version`);
  const date = todayInVietnam();
  const event = (role: string, extra: Record<string, unknown> = {}) => ({
    kind: 'merge-undo' as const, date, details: { mergeId, role, survivor: m.survivor, retired: m.retired, ...extra },
  });
  const common = { actor, legalBasis: input.legalBasis, requestId: key, trail: caller.trail };

  // The retired record as it was, under its own number again.
  await commitInTx(tx, {
    ...common, action: 'person.restore', subject: m.retired, before: null, after: fromStoredVersion(data), restoredFrom: m.retired_version,
    event: event('retired'), outbox: { topic: 'person.restored' },
  });
  // The survivor: what the merge set, where it is still what the merge set.
  const revert: Record<string, unknown> = {};
  for (const [column, v] of Object.entries(m.survivor_changes)) {
    if (same(s[column as keyof PersonRow], v.to)) revert[column] = v.from;
  }
  await commitInTx(tx, {
    ...common, action: 'person.merge-undo', subject: s.id_number, before: s, after: revert as PersonChanges,
    event: event('survivor', { fields: Object.keys(revert).map((c) => FIELD_OF_COLUMN[c as keyof typeof FIELD_OF_COLUMN]) }),
  });
  // References that moved: back to the restored number where they still name the survivor.
  const persons = m.moved.filter((x): x is Extract<MovedReference, { kind: 'person' }> => x.kind === 'person')
    .sort((a, b) => a.idNumber.localeCompare(b.idNumber));
  for (const x of persons) {
    const row = await lockPersonInTx(tx, x.idNumber);
    if (!row) continue; // merged away since: its reference lives on in its survivor's record
    const columns = x.columns.filter((c) => row[c as keyof PersonRow] === m.survivor);
    if (columns.length === 0) continue;
    await commitInTx(tx, {
      ...common, action: 'person.merge-undo', subject: row.id_number, before: row,
      after: Object.fromEntries(columns.map((c) => [c, m.retired])) as PersonChanges,
      event: event('relative', { fields: columns.map((c) => FIELD_OF_COLUMN[c as keyof typeof FIELD_OF_COLUMN]) }),
    });
  }
  for (const x of m.moved) {
    if (x.kind !== 'household') continue;
    const h = await householdRow(tx, x.id, true);
    if (h && h.head_id === x.to) await setHouseholdHeadInTx(tx, x.id, m.retired);
  }
  await unretireNumberInTx(tx, m.retired, m.survivor, m.repointed);
  for (const l of LISTENERS.values()) {
    if (l.name in m.listeners) await l.onUndo(tx, { mergeId, survivor: m.survivor, retired: m.retired, actor, requestId: key, moved: m.listeners[l.name] });
  }
  await markMergeUndoneInTx(tx, mergeId, { actor, legalBasis: input.legalBasis, requestId: key });
  await insertOutboxInTx(tx, 'person.merge-undone', m.survivor, { mergeId, survivor: m.survivor, retired: m.retired });
  return { merge: toMergeView({ ...m, undone_at: new Date(), undone_by: actor, undo_legal_basis: input.legalBasis, undo_request_id: key }), replayed: false };
}

/** A merge as an officer who may read its survivor sees it (audited by the caller). */
export async function readMerge(sql: Sql | Tx, id: string): Promise<{ merge: MergeView; survivor: PersonRow | undefined } | undefined> {
  const m = await mergeRow(sql, id);
  if (!m) return undefined;
  return { merge: toMergeView(m), survivor: await personRow(sql, m.survivor) };
}
