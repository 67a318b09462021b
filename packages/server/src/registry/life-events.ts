// Life events after birth: change of residence, marriage, divorce, death, and corrections of
// fields. Each is one transaction through the write path (write-path.ts); events that change two
// persons (marriage, divorce, death of a married person) write both versions in that same
// transaction, locking the two rows in ID-number order so that concurrent events cannot deadlock.
import { requireJurisdiction } from '../auth/access.ts';
import type { Tx } from '../db/connect.ts';
import { todayInVietnam } from '../http/schemas.ts';
import { ProblemError } from '../problems.ts';
import type { Services } from '../services.ts';
import type { CorrectionInput, Person, ResidenceInput } from './schemas.ts';
import { actorOf, invalid, lockForWrite, nfc, personAfterWrite, writeTx, type Caller } from './service.ts';
import { householdRow, lockPersonInTx, personRow, recordedInTx, setHouseholdHeadInTx, type PersonChanges, type PersonRow } from './sql.ts';
import { unitIndex } from './units.ts';
import { commitInTx } from './write-path.ts';

type Result = Promise<{ person: Person; replayed: boolean }>;

/** Minimum marriage age: men from 20, women from 18 (Law on Marriage and Family 2014, art. 8). */
const MARRIAGE_AGE = { male: 20, female: 18 } as const;

function notAllowed(detail: string, reason: string): ProblemError {
  return new ProblemError('life-event-not-allowed', detail, { reason });
}

function checkEventDate(date: string, person: PersonRow, pointer = '/body/date'): void {
  if (date > todayInVietnam()) throw invalid(pointer, 'is in the future');
  if (date < person.birth_date) throw invalid(pointer, `is before the person's birth (${person.birth_date})`);
}

function refuseDead(p: PersonRow, what: string): void {
  if (p.death_date) throw notAllowed(`${p.id_number} died on ${p.death_date}: cannot record ${what}`, 'dead');
}

const keyOf = (caller: Caller) => caller.idempotencyKey ?? caller.requestId;

export async function changeResidence(services: Services, caller: Caller, idNumber: string, input: ResidenceInput): Result {
  const units = await unitIndex(services.sql);
  const unit = units.inForce(input.unitId, input.date, 'commune', '/body/unitId');
  const key = keyOf(caller);
  return writeTx(services.sql, key, async (tx) => {
    // Jurisdiction over where the person lives now; the destination is recorded in the event.
    const p = await lockForWrite(tx, caller.officer, idNumber);
    if (await recordedInTx(tx, key, idNumber, 'residence-change')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
    refuseDead(p, 'a change of residence');
    checkEventDate(input.date, p);
    const address = nfc(input.address);
    const moveCurrent = input.kind === 'current' || input.alsoCurrent !== false;
    const changes: PersonChanges = {};
    if (input.kind === 'permanent') Object.assign(changes, { permanent_unit_id: unit.id, permanent_address: address });
    if (input.kind === 'temporary') {
      if (input.until && input.until <= input.date) throw invalid('/body/until', 'must be after the date');
      Object.assign(changes, { temporary_unit_id: unit.id, temporary_address: address, temporary_until: input.until ?? null });
    } else if (input.until) throw invalid('/body/until', 'only a temporary residence has an end date');
    if (moveCurrent) {
      const today = units.todayCommune(unit.id);
      Object.assign(changes, { current_unit_id: unit.id, current_address: address, current_commune_id: today.communeId, current_province_id: today.provinceId });
    }
    let household: { from: string | null; to: string } | undefined;
    if (input.householdId) {
      if (!input.relationshipToHead) throw invalid('/body/relationshipToHead', 'is required with householdId');
      const h = await householdRow(tx, input.householdId, true);
      if (!h) throw invalid('/body/householdId', `no household ${input.householdId}`);
      if (h.id !== p.household_id) {
        await leaveHeadship(tx, p);
        household = { from: p.household_id, to: h.id };
        Object.assign(changes, { household_id: h.id, relationship_to_head: nfc(input.relationshipToHead) });
      }
    }
    const r = await commitInTx(tx, {
      actor: actorOf(caller.officer), action: 'person.residence-change', subject: idNumber, legalBasis: nfc(input.legalBasis),
      requestId: key, before: p, after: changes,
      event: {
        kind: 'residence-change', date: input.date,
        details: {
          residence: input.kind, destinationUnitId: unit.id, destinationCommuneId: units.todayCommune(unit.id).communeId,
          from: residenceOf(p, input.kind), movesCurrent: moveCurrent, ...(household ? { household } : {}),
        },
      },
    });
    return { person: await personAfterWrite(services, tx, idNumber), replayed: r.replayed };
  });
}

function residenceOf(p: PersonRow, kind: 'permanent' | 'temporary' | 'current') {
  if (kind === 'permanent') return { unitId: p.permanent_unit_id, address: p.permanent_address };
  if (kind === 'temporary') return { unitId: p.temporary_unit_id, address: p.temporary_address };
  return { unitId: p.current_unit_id, address: p.current_address };
}

/** A head who leaves their household leaves it without a head until one is designated. */
export async function leaveHeadship(tx: Tx, p: PersonRow): Promise<void> {
  if (!p.household_id) return;
  const h = await householdRow(tx, p.household_id, true);
  if (h?.head_id === p.id_number) await setHouseholdHeadInTx(tx, h.id, null);
}

/** Locks two persons in ID-number order; 404 for the first, 422 unknown-person for the other. */
async function lockPair(tx: Tx, idNumber: string, otherId: string, otherPointer: string): Promise<[PersonRow, PersonRow]> {
  const [a, b] = idNumber < otherId ? [idNumber, otherId] : [otherId, idNumber];
  const ra = await lockPersonInTx(tx, a);
  const rb = await lockPersonInTx(tx, b);
  const p = a === idNumber ? ra : rb;
  const o = a === idNumber ? rb : ra;
  if (!p) throw new ProblemError('not-found', `no person with ID number ${idNumber}`);
  if (!o) throw new ProblemError('unknown-person', `${otherPointer}: no person with ID number ${otherId}`, { errors: [{ pointer: otherPointer, message: 'not in the register' }] });
  return [p, o];
}

function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

export async function registerMarriage(services: Services, caller: Caller, idNumber: string, input: { spouseIdNumber: string; date: string; legalBasis: string }): Result {
  if (input.spouseIdNumber === idNumber) throw invalid('/body/spouseIdNumber', 'is the person themselves');
  const key = keyOf(caller);
  const actor = actorOf(caller.officer);
  return writeTx(services.sql, key, async (tx) => {
    const [p, s] = await lockPair(tx, idNumber, input.spouseIdNumber, '/body/spouseIdNumber');
    requireJurisdiction(caller.officer, { communeId: p.current_commune_id, provinceId: p.current_province_id });
    if (await recordedInTx(tx, key, idNumber, 'marriage')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
    checkEventDate(input.date, p);
    checkEventDate(input.date, s);
    for (const x of [p, s]) {
      refuseDead(x, 'a marriage');
      if (x.marital_status === 'married') throw notAllowed(`${x.id_number} is married (to ${x.spouse_id ?? x.spouse_name ?? 'a spouse'}): a marriage needs a divorce or the spouse's death first`, 'already-married');
      if (ageOn(x.birth_date, input.date) < MARRIAGE_AGE[x.sex]) {
        throw notAllowed(`${x.id_number} is under the marriage age (${MARRIAGE_AGE[x.sex]} for ${x.sex === 'male' ? 'men' : 'women'}) on ${input.date}`, 'under-age');
      }
    }
    // The law recognises marriage between a man and a woman only (Law on Marriage and Family 2014, art. 8(2)).
    if (p.sex === s.sex) throw notAllowed('the law registers marriages between a man and a woman only', 'same-sex');
    if ([p.father_id, p.mother_id].includes(s.id_number) || [s.father_id, s.mother_id].includes(p.id_number)) {
      throw notAllowed('marriage between a parent and child is prohibited (Law on Marriage and Family 2014, art. 5)', 'kinship');
    }
    const legalBasis = nfc(input.legalBasis);
    let replayed = false;
    for (const [x, y] of [[p, s], [s, p]] as const) {
      const r = await commitInTx(tx, {
        actor, action: 'person.marriage', subject: x.id_number, legalBasis, requestId: key, before: x,
        after: { marital_status: 'married', spouse_id: y.id_number, spouse_name: null },
        event: { kind: 'marriage', date: input.date, details: { spouseIdNumber: y.id_number } },
      });
      replayed ||= r.replayed;
    }
    return { person: await personAfterWrite(services, tx, idNumber), replayed };
  });
}

export async function registerDivorce(services: Services, caller: Caller, idNumber: string, input: { date: string; legalBasis: string }): Result {
  const key = keyOf(caller);
  const actor = actorOf(caller.officer);
  return writeTx(services.sql, key, async (tx) => {
    const first = await lockForWrite(tx, caller.officer, idNumber);
    if (first.marital_status !== 'married') {
      if (await recordedInTx(tx, key, idNumber, 'divorce')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
      throw notAllowed(`${idNumber} is not married (${first.marital_status})`, 'not-married');
    }
    const [p, s] = first.spouse_id ? await lockPair(tx, idNumber, first.spouse_id, '/spouse') : [first, null];
    checkEventDate(input.date, p);
    refuseDead(p, 'a divorce');
    const legalBasis = nfc(input.legalBasis);
    const pairs: [PersonRow, PersonRow | null][] = [[p, s]];
    // The former spouse's record changes too when it still names this person.
    if (s && s.spouse_id === p.id_number && s.marital_status === 'married') pairs.push([s, p]);
    let replayed = false;
    for (const [x, y] of pairs) {
      const r = await commitInTx(tx, {
        actor, action: 'person.divorce', subject: x.id_number, legalBasis, requestId: key, before: x,
        after: { marital_status: 'divorced', spouse_id: null, spouse_name: null },
        event: { kind: 'divorce', date: input.date, details: { formerSpouseIdNumber: y?.id_number ?? null, formerSpouseName: y ? null : x.spouse_name } },
      });
      replayed ||= r.replayed;
    }
    return { person: await personAfterWrite(services, tx, idNumber), replayed };
  });
}

export async function registerDeath(services: Services, caller: Caller, idNumber: string, input: { date: string; legalBasis: string }): Result {
  const key = keyOf(caller);
  const actor = actorOf(caller.officer);
  return writeTx(services.sql, key, async (tx) => {
    let p = await lockForWrite(tx, caller.officer, idNumber);
    if (p.death_date) {
      if (await recordedInTx(tx, key, idNumber, 'death')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
      throw notAllowed(`${idNumber} is already recorded as dead on ${p.death_date}`, 'dead');
    }
    checkEventDate(input.date, p);
    let spouse: PersonRow | null = null;
    if (p.spouse_id && p.marital_status === 'married') {
      [p, spouse] = await lockPair(tx, idNumber, p.spouse_id, '/spouse');
      if (spouse.spouse_id !== p.id_number || spouse.marital_status !== 'married' || spouse.death_date) spouse = null;
    }
    const legalBasis = nfc(input.legalBasis);
    const r = await commitInTx(tx, {
      actor, action: 'person.death', subject: idNumber, legalBasis, requestId: key, before: p,
      after: { death_date: input.date, missing_since: null },
      event: { kind: 'death', date: input.date, details: { spouseIdNumber: spouse?.id_number ?? null } },
    });
    // The surviving spouse becomes widowed; the record keeps naming the deceased.
    if (spouse) {
      await commitInTx(tx, {
        actor, action: 'person.widowed', subject: spouse.id_number, legalBasis, requestId: key, before: spouse,
        after: { marital_status: 'widowed' },
        event: { kind: 'spouse-death', date: input.date, details: { spouseIdNumber: idNumber } },
      });
    }
    return { person: await personAfterWrite(services, tx, idNumber), replayed: r.replayed };
  });
}

const CORRECTABLE: Partial<Record<keyof CorrectionInput, string>> = {
  fullName: 'full_name', otherNames: 'other_names', placeOfBirth: 'place_of_birth', nativePlace: 'native_place',
  ethnicity: 'ethnicity', religion: 'religion', nationality: 'nationality', bloodType: 'blood_type',
  oldIdNumber: 'old_id_number', previousCard: 'previous_card', temporaryAbsence: 'temporary_absence', phone: 'phone', email: 'email',
};

/** PATCH /persons/{id}: corrections of fields, guarded by the version the officer read. */
export async function correctPerson(services: Services, caller: Caller, idNumber: string, expectedVersion: number, input: CorrectionInput): Result {
  const key = keyOf(caller);
  return writeTx(services.sql, key, async (tx) => {
    const p = await lockForWrite(tx, caller.officer, idNumber);
    if (await recordedInTx(tx, key, idNumber, 'correction')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
    if (p.version !== expectedVersion) {
      throw new ProblemError('precondition-failed', `the person is at version ${p.version}, the request was made against version ${expectedVersion}; read it again`, { currentVersion: p.version });
    }
    const changes: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(CORRECTABLE)) {
      const v = input[field as keyof CorrectionInput];
      if (v === undefined) continue;
      changes[column] = typeof v === 'string' ? nfc(v) : Array.isArray(v) ? v.map((x) => nfc(x as string)) : v;
    }
    if (input.legalRepresentativeIdNumber !== undefined) {
      const id = input.legalRepresentativeIdNumber;
      if (id !== null) {
        if (id === idNumber) throw invalid('/body/legalRepresentativeIdNumber', 'is the person themselves');
        const r = await personRow(tx, id);
        if (!r) throw new ProblemError('unknown-person', `/body/legalRepresentativeIdNumber: no person with ID number ${id}`, { errors: [{ pointer: '/body/legalRepresentativeIdNumber', message: 'not in the register' }] });
      }
      changes.legal_representative_id = id;
      if (input.legalRepresentativeName === undefined) changes.legal_representative_name = null;
    }
    if (input.legalRepresentativeName !== undefined) changes.legal_representative_name = nfc(input.legalRepresentativeName);
    const r = await commitInTx(tx, {
      actor: actorOf(caller.officer), action: 'person.correction', subject: idNumber, legalBasis: nfc(input.legalBasis),
      requestId: key, before: p, after: changes as PersonChanges,
      event: { kind: 'correction', date: todayInVietnam(), details: { fields: Object.keys(input).filter((k) => k !== 'legalBasis') } },
    });
    return { person: await personAfterWrite(services, tx, idNumber), replayed: r.replayed };
  });
}
