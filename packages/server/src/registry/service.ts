// The register's domain functions. Other modules (cards, sharing, eid, quality) call these, never
// the register's tables. Reads that return personal data to an officer are audited here, one
// entry per person, and resolve only once the entry is in the log (DESIGN.md §5). Who may read
// and write what, and the acts that may span jurisdictions, are in docs/security.md.
import { parseIdNumber } from '@cancuoc/idnumber';
import { appendAuditInTx } from '../audit/log.ts';
import type { AuditTrail } from '../audit/trail.ts';
import {
  inJurisdiction, jurisdictionScope, outsideJurisdiction, requireJurisdiction, requireRole, PERSON_ROLES, type PersonLocation,
} from '../auth/access.ts';
import type { Officer } from '../auth/officers.ts';
import { KeyBatcher } from '../db/batch.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
import type { Services } from '../services.ts';
import { changedFields } from './fields.ts';
import { claimIdempotencyKeyInTx } from './idempotency.ts';
import { retiredPointer } from './merge-sql.ts';
import { toPerson, versionData } from './person-view.ts';
import type { Person } from './schemas.ts';
import {
  currentVersion, householdMembers, householdRow, lifeEvents, lockPersonInTx, lockRequestInTx, lookupPerson, personRow,
  personVersions, readPersonsAudited, searchPersons, type PersonRow, type ReadRequest, type ReadRow,
} from './sql.ts';
import { unitIndex, type UnitView } from '../admin-units/service.ts';

export { unitIndex } from '../admin-units/service.ts';

/** Who is asking and under which request (authorisation, audit and idempotency). */
export interface Caller {
  officer: Officer;
  requestId: string;
  idempotencyKey?: string;
  /** SHA-256 of what the request asks for (idempotency.ts): a reused key must ask the same. */
  fingerprint?: Buffer;
  /** The persons whose data the request consulted without writing them (audit/trail.ts). */
  trail: AuditTrail;
}

export const actorOf = (officer: Officer) => `officer:${officer.id}`;

/** The idempotency key of a write: the Idempotency-Key header, else the request id. */
export const keyOf = (caller: Caller) => caller.idempotencyKey ?? caller.requestId;

/**
 * A personal ID number the request gives (in the path or the body), already 12 digits by the
 * route's schema: one that is well-formed but names no province, or a birth year to come, is a
 * 422 invalid-id-number with the pointer, not a validation error of the request's shape.
 */
export function checkIdNumber(value: string, pointer = '/params/idNumber'): string {
  const r = parseIdNumber(value);
  if (!r.ok) {
    throw new ProblemError('invalid-id-number', `${pointer}: ${r.error.message}`, { errors: [{ pointer, message: r.error.message }], reason: r.error.code });
  }
  return value;
}

export function invalid(pointer: string, message: string): ProblemError {
  return new ProblemError('validation-error', `${pointer} ${message}`, { errors: [{ pointer, message }] });
}

/** Vietnamese text is stored NFC-normalised (DESIGN.md §5). */
export const nfc = <T extends string | null | undefined>(s: T): T => (typeof s === 'string' ? s.normalize('NFC').trim() as T : s);

export const locationOf = (p: Pick<PersonRow, 'current_commune_id' | 'current_province_id'>): PersonLocation =>
  ({ communeId: p.current_commune_id, provinceId: p.current_province_id });

/** True when the officer may read this person directly (GET /persons/{id} would answer 200). */
export const mayRead = (officer: Officer, p: Pick<PersonRow, 'current_commune_id' | 'current_province_id'>) =>
  PERSON_ROLES.includes(officer.role) && inJurisdiction(officer, locationOf(p));

/**
 * Runs a write in one transaction: serialised with any retry of the same idempotency key (so the
 * write path's "already recorded?" check sees the first attempt's commit), the key bound to this
 * request (a different request with it is refused), and — once `fn` has decided and written —
 * the persons it consulted audited in the same transaction. Every authorisation decision is made
 * inside `fn` before it writes; a refusal anywhere rolls everything back, and the refusal audit
 * (audit/refusals.ts) records it outside.
 */
export function writeTx<T>(services: Services, caller: Caller, fn: (tx: Tx, key: string) => Promise<T>): Promise<T> {
  const key = keyOf(caller);
  return services.sql.begin(async (tx) => {
    await lockRequestInTx(tx, key);
    await claimIdempotencyKeyInTx(tx, key, caller);
    const result = await fn(tx, key);
    const actor = actorOf(caller.officer);
    await appendAuditInTx(tx, caller.trail.uses.filter((u) => !caller.trail.written.has(u.subject)).map((u) => ({
      actor, action: 'person.reference', subject: u.subject, requestId: caller.requestId, details: { role: u.role },
    })));
    return result;
  }) as Promise<T>;
}

/** The locked current row of a person the officer may write, or 404/403. */
export async function lockForWrite(tx: Tx, officer: Officer, idNumber: string): Promise<PersonRow> {
  const row = await lockPersonInTx(tx, idNumber);
  if (!row) throw new ProblemError('not-found', `no person with ID number ${idNumber}`);
  requireJurisdiction(officer, locationOf(row));
  return row;
}

// ---- reads for other modules (not audited here: the caller audits its own use) ----

/** Where the person lives today (generation-2 units), or undefined if there is no such person. */
export async function personLocation(sql: Sql, idNumber: string): Promise<PersonLocation | undefined> {
  const row = await personRow(sql, idNumber);
  return row ? locationOf(row) : undefined;
}

/**
 * The record that holds the person of this number today: the number's own, or — for a number a
 * merge retired (merge.ts) — the survivor's; with where that person lives. Undefined for a number
 * the register never held.
 */
export async function currentHolder(sql: Sql, idNumber: string): Promise<{ idNumber: string; location: PersonLocation } | undefined> {
  const row = await personRow(sql, idNumber) ?? (await retiredHolder(sql, idNumber))?.row;
  return row ? { idNumber: row.id_number, location: locationOf(row) } : undefined;
}

/** For a number a merge retired: the survivor's row (the record holding the person) and the merge. */
async function retiredHolder(sql: Sql, idNumber: string): Promise<{ row: PersonRow; mergeId: string } | undefined> {
  const pointer = await retiredPointer(sql, idNumber);
  const row = pointer ? await personRow(sql, pointer.survivor) : undefined;
  return row ? { row, mergeId: pointer!.merge_id } : undefined;
}

/** The person resource, unaudited (for modules that audit their own access). */
export async function getPerson(sql: Sql, idNumber: string): Promise<Person | undefined> {
  const [row, units] = await Promise.all([lookupPerson(sql, idNumber), unitIndex(sql)]);
  return row ? toPerson(row, units) : undefined;
}

// ---- reads for officers (authorised and audited) ----

// Batches of audited reads serialise on the audit chain's head anyway; with no limit, 16
// concurrent clients made ~5 reads per statement, with one in flight ~8.6: fewer statements and
// commits for the same reads (10 M register, wrk, 16 connections, one process: p99 25–28 ms
// unlimited, 14–16 ms with one or two in flight; rates within the machine's noise, 2.5–3.2 k/s).
// Two rather than one, so one slow statement does not hold every read of the process.
const READS_IN_FLIGHT = 2;

/** Audited reads, coalesced per event-loop turn (db/batch.ts): one statement per batch. */
const READS = new WeakMap<Sql, KeyBatcher<ReadRequest, ReadRow>>();

function readBatched(sql: Sql, request: ReadRequest): Promise<ReadRow> {
  let batcher = READS.get(sql);
  if (!batcher) {
    batcher = new KeyBatcher(async (requests) => {
      const rows = await readPersonsAudited(sql, requests);
      return new Map(requests.map((r, i) => [r, rows[i]!]));
    }, { maxInFlight: READS_IN_FLIGHT });
    READS.set(sql, batcher);
  }
  return batcher.get(request) as Promise<ReadRow>;
}

/**
 * GET /persons/{id}: the hot path. The lookup, the jurisdiction decision and the audit entry are
 * one statement shared by the concurrent reads (sql.ts READ_AUDITED), and the answer leaves only
 * once that statement has committed: every read, refusal and miss is in the chain (probing for
 * numbers is itself worth a trace).
 */
export async function readPerson(services: Services, caller: Caller, idNumber: string): Promise<Person> {
  requireRole(caller.officer, PERSON_ROLES);
  const [row, units] = await Promise.all([
    readBatched(services.sql, { idNumber, actor: actorOf(caller.officer), requestId: caller.requestId, scope: jurisdictionScope(caller.officer) }),
    unitIndex(services.sql),
  ]);
  // The statement audited this read whatever its outcome: no second, refusal entry.
  caller.trail.outcomeRecorded = true;
  if (row.action === 'person.read.not-found') throw new ProblemError('not-found', `no person with ID number ${idNumber}`);
  if (row.action === 'person.read.refused') throw outsideJurisdiction(caller.officer);
  if (row.action === 'person.read.retired') throw await mergedProblem(services, caller, idNumber);
  // The rule was applied in SQL; the same rule in code must agree before anything leaves.
  if (!inJurisdiction(caller.officer, locationOf(row))) throw new Error(`jurisdiction rules of SQL and code disagree on ${idNumber}`);
  return toPerson(row, units);
}

/** Reads the person after a write, inside the write's transaction (the write's audit covers it). */
export async function personAfterWrite(services: Services, tx: Tx, idNumber: string): Promise<Person> {
  const [row, units] = await Promise.all([lookupPerson(tx, idNumber), unitIndex(services.sql)]);
  return toPerson(row!, units);
}

/**
 * Name-only search: similarity thresholds tried in turn (sql.ts searchPersons). They change the
 * cost, never the answer: each pass ranks the same names in the same order, so a stricter pass
 * that found enough persons returns what the loosest would. 0.75 finds exact and unaccented
 * names on the query's rarest trigrams; 0.6 catches a one-letter typo before the wide 0.45 scan
 * (at 10 M: typo queries p95 ~55 → ~30 ms, docs/benchmarks.md).
 */
export const SEARCH_THRESHOLDS = [0.75, 0.6, 0.45];

/**
 * GET /persons?name=…: any whole syllable is a query ("Lê", "Vũ", "Ý" are names), narrowed by
 * birth date, province or the officer's own commune or province, ranked (sql.ts searchPersons)
 * and paginated by offset. Every person returned is audited.
 */
export async function searchPeople(services: Services, caller: Caller,
  q: { name: string; birthDate?: string; province?: string; limit: number; offset: number }) {
  requireRole(caller.officer, PERSON_ROLES);
  // Letters, marks, and the apostrophe, hyphen and dot that names may hold (schemas.ts PersonName);
  // anything else separates words.
  const name = q.name.normalize('NFC').replace(/[^\p{L}\p{M}'.-]+/gu, ' ').trim();
  if (!/\p{L}/u.test(name)) throw invalid('/querystring/name', 'needs at least one letter');
  const page = { items: [] as SearchItem[], offset: q.offset, limit: q.limit };
  const j = caller.officer.jurisdiction;
  // Jurisdiction is part of the query (a province officer asking for another province sees nothing).
  if (j?.level === 'province' && q.province && q.province !== j.id) return page;
  const units = await unitIndex(services.sql);
  const communeId = j?.level === 'commune' ? j.id : undefined;
  // A commune's province is a column of the search index too: equality on both.
  const provinceId = j?.level === 'province' ? j.id : j?.level === 'commune' ? j.provinceId ?? undefined : q.province;
  if (j?.level === 'commune' && q.province && q.province !== provinceId) return page;
  const rows = await searchPersons(services.sql, {
    name, birthDate: q.birthDate, provinceId, communeId, limit: q.limit, offset: q.offset,
    // A date leaves a few hundred rows to compare, a commune a few thousand: one tolerant pass.
    thresholds: q.birthDate ? [0.3] : communeId ? [0.45] : SEARCH_THRESHOLDS,
  });
  page.items = rows.map((r) => ({
    idNumber: r.id_number, fullName: r.full_name, birthDate: r.birth_date, sex: r.sex,
    currentResidence: units.view(r.current_unit_id), deathDate: r.death_date,
    score: Math.round(r.score * 1000) / 1000, wholeWords: r.whole,
  }));
  if (page.items.length > 0) {
    const actor = actorOf(caller.officer);
    const details = { query: { name, birthDate: q.birthDate ?? null, province: q.province ?? null, offset: q.offset } };
    await services.audit.record(...page.items.map((i) => ({ actor, action: 'person.search', subject: i.idNumber, requestId: caller.requestId, details })));
  }
  return page;
}

interface SearchItem {
  idNumber: string; fullName: string; birthDate: string; sex: 'male' | 'female';
  currentResidence: UnitView | null; deathDate: string | null; score: number; wholeWords: boolean;
}

export async function personHistory(services: Services, caller: Caller, idNumber: string) {
  const held = await requireReadableOrRetired(services, caller, idNumber);
  const [current, older] = await Promise.all([held.row ? currentVersion(services.sql, idNumber) : undefined, personVersions(services.sql, idNumber)]);
  const all = current ? [current, ...older] : older;
  const versions = all.map((v, k) => {
    const previous = all[k + 1];
    return {
      version: v.version, validFrom: v.valid_from.toISOString(), validTo: v.valid_to ? v.valid_to.toISOString() : null,
      recordedBy: v.recorded_by, legalBasis: v.legal_basis,
      changed: changedFields(previous ? previous.data : null, v.data),
      data: versionData(v.data),
    };
  });
  await services.audit.record({ actor: actorOf(caller.officer), action: 'person.history', subject: idNumber, requestId: caller.requestId, details: held.row ? { version: held.row.version } : { mergedInto: held.mergedInto } });
  return { idNumber, ...(held.mergedInto ? { mergedInto: held.mergedInto } : {}), versions };
}

/**
 * Life events, newest first. A record's events stay with the number they were recorded under; a
 * survivor's list includes those of the numbers merged into it (merge.ts), each with its number.
 */
export async function personEvents(services: Services, caller: Caller, idNumber: string) {
  const held = await requireReadableOrRetired(services, caller, idNumber);
  const rows = await lifeEvents(services.sql, idNumber, { withRetired: held.row !== undefined });
  await services.audit.record({ actor: actorOf(caller.officer), action: 'person.events', subject: idNumber, requestId: caller.requestId });
  return {
    idNumber,
    ...(held.mergedInto ? { mergedInto: held.mergedInto } : {}),
    events: rows.map((e) => ({
      id: e.id, idNumber: e.id_number, kind: e.kind, date: e.event_date, legalBasis: e.legal_basis, recordedBy: e.recorded_by,
      recordedAt: e.recorded_at.toISOString(), details: e.details,
    })),
  };
}

/** "Giấy xác nhận số CMND" (DESIGN.md §6): the old and the new number belong to one person. */
export async function oldIdConfirmation(services: Services, caller: Caller, idNumber: string) {
  const row = await requireReadable(services, caller, idNumber);
  if (!row.old_id_number) throw new ProblemError('not-found', `no old ID number (CMND) is recorded for ${idNumber}`);
  const [y, m, d] = row.birth_date.split('-');
  await services.audit.record({ actor: actorOf(caller.officer), action: 'person.old-id-confirmation', subject: idNumber, requestId: caller.requestId, details: { oldIdNumber: row.old_id_number } });
  return {
    idNumber, oldIdNumber: row.old_id_number, fullName: row.full_name, birthDate: row.birth_date,
    statement: `Số CMND ${row.old_id_number} và số định danh cá nhân ${idNumber} là của cùng một công dân: ${row.full_name}, sinh ngày ${d}/${m}/${y}.`,
  };
}

async function requireReadable(services: Services, caller: Caller, idNumber: string): Promise<PersonRow> {
  requireRole(caller.officer, PERSON_ROLES);
  const row = await personRow(services.sql, idNumber);
  if (!row) throw await mergedProblem(services, caller, idNumber);
  requireJurisdiction(caller.officer, locationOf(row));
  return row;
}

/**
 * A person the officer may read, or a number a merge retired whose current record they may read
 * (its history and events stay readable under it).
 */
async function requireReadableOrRetired(services: Services, caller: Caller, idNumber: string): Promise<{ row?: PersonRow; mergedInto?: string }> {
  requireRole(caller.officer, PERSON_ROLES);
  const row = await personRow(services.sql, idNumber);
  if (row) {
    requireJurisdiction(caller.officer, locationOf(row));
    return { row };
  }
  const holder = await retiredHolder(services.sql, idNumber);
  if (!holder) throw new ProblemError('not-found', `no person with ID number ${idNumber}`);
  requireJurisdiction(caller.officer, locationOf(holder.row));
  return { mergedInto: holder.row.id_number };
}

/**
 * The answer for a number a merge retired (merge.ts): `person-merged` with the record that holds
 * the person now, for an officer who may read that record; outside-jurisdiction otherwise — a
 * retired number is where its person lives, as any other.
 */
async function mergedProblem(services: Services, caller: Caller, idNumber: string): Promise<ProblemError> {
  const holder = await retiredHolder(services.sql, idNumber);
  if (!holder) return new ProblemError('not-found', `no person with ID number ${idNumber}`);
  if (!mayRead(caller.officer, holder.row)) return outsideJurisdiction(caller.officer);
  const survivor = holder.row.id_number;
  return new ProblemError('person-merged', `${idNumber} was merged into ${survivor}: the person's record continues under that number`, {
    mergedInto: survivor, mergeId: holder.mergeId,
  });
}

/**
 * A household with its members. Members the officer may not read (they live outside the
 * officer's jurisdiction) are not listed, only counted: the household's file is the commune's,
 * a member's data is where they live. The head's name is part of the household record (field
 * 16) and shows; every member whose data is returned, and the head, are audited.
 */
export async function readHousehold(services: Services, caller: Caller, id: string) {
  requireRole(caller.officer, PERSON_ROLES);
  const h = await householdRow(services.sql, id);
  if (!h) throw new ProblemError('not-found', `no household ${id}`);
  const units = await unitIndex(services.sql);
  requireJurisdiction(caller.officer, units.todayCommune(h.unit_id));
  const members = await householdMembers(services.sql, id);
  const shown = members.filter((m) => mayRead(caller.officer, m));
  const head = h.head_id ? members.find((m) => m.id_number === h.head_id) : undefined;
  const headName = h.head_id ? head?.full_name ?? (await personRow(services.sql, h.head_id))?.full_name ?? null : null;
  const actor = actorOf(caller.officer);
  const audited = new Set(shown.map((m) => m.id_number));
  if (h.head_id) audited.add(h.head_id);
  if (audited.size > 0) {
    await services.audit.record(...[...audited].map((subject) => ({ actor, action: 'household.read', subject, requestId: caller.requestId, details: { householdId: id } })));
  }
  return {
    id: h.id, fileNumber: h.file_number, unit: units.view(h.unit_id), address: h.address_line,
    head: h.head_id ? { idNumber: h.head_id, fullName: headName } : null,
    members: shown.map((m) => ({ idNumber: m.id_number, fullName: m.full_name, birthDate: m.birth_date, sex: m.sex, relationshipToHead: m.relationship_to_head, deathDate: m.death_date })),
    membersElsewhere: members.length - shown.length,
  };
}
