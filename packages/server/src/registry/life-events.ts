// Life events after birth: change of residence, marriage, divorce, death, and corrections of
// fields. Each is one transaction through the write path (write-path.ts); events that change two
// persons (marriage, divorce, death of a married person) write both versions in that same
// transaction, locking the two rows in ID-number order so that concurrent events cannot deadlock.
// Every authorisation is decided before the first write; which acts may reach a person outside
// the officer's jurisdiction, and what an answer may then say about them: docs/security.md.
import { requireJurisdiction } from '../auth/access.ts';
import type { Officer } from '../auth/officers.ts';
import type { Tx } from '../db/connect.ts';
import { ageOn, todayInVietnam } from '../calendar.ts';
import { ProblemError } from '../problems.ts';
import type { Services } from '../services.ts';
import { referenceHouseholdInTx, referencePersonInTx, refusalAbout, unknownPerson, type Reference } from './references.ts';
import type { CorrectionInput, Person, ResidenceInput } from './schemas.ts';
import { actorOf, checkIdNumber, invalid, lockForWrite, locationOf, mayRead, nfc, personAfterWrite, writeTx, type Caller } from './service.ts';
import { householdRow, lockPersonInTx, recordedInTx, setHouseholdHeadInTx, type PersonChanges, type PersonRow } from './sql.ts';
import { unitIndex } from '../admin-units/service.ts';
import { commitInTx } from './write-path.ts';

type Result = Promise<{ person: Person; replayed: boolean }>;

/** Minimum marriage age: men from 20, women from 18 (Law on Marriage and Family 2014, art. 8). */
const MARRIAGE_AGE = { male: 20, female: 18 } as const;

/** A person the request is about (the path's ID number), as a reference for refusals. */
const subjectRef = (officer: Officer, row: PersonRow): Reference => ({ row, readable: mayRead(officer, row), pointer: '/params/idNumber' });

function checkEventDate(date: string, ref: Reference, pointer = '/body/date'): void {
  if (date > todayInVietnam()) throw invalid(pointer, 'is in the future');
  if (date < ref.row.birth_date) {
    throw refusalAbout({ ...ref, pointer }, 'validation-error', `is before the birth of ${ref.row.id_number} (${ref.row.birth_date})`, 'before-birth');
  }
}

function refuseDead(ref: Reference, what: string): void {
  const p = ref.row;
  if (p.death_date) throw refusalAbout(ref, 'life-event-not-allowed', `${p.id_number} died on ${p.death_date}: cannot record ${what}`, 'dead');
}

/**
 * A change of residence is registered by the officer of the receiving commune (Law on Residence
 * 2020, art. 22 and 27: registration at the new place): the destination must be in the officer's
 * jurisdiction, and so must the person's current residence once the change is made — the answer
 * is the person, whom the officer must then be allowed to read. The person may come from
 * anywhere; what their record said before is not shown in a refusal unless the officer could
 * read it.
 */
export async function changeResidence(services: Services, caller: Caller, idNumber: string, input: ResidenceInput): Result {
  const units = await unitIndex(services.sql);
  const unit = units.inForce(input.unitId, input.date, 'commune', '/body/unitId');
  const destination = units.todayCommune(unit.id);
  requireJurisdiction(caller.officer, destination);
  if (input.householdId && !input.relationshipToHead) throw invalid('/body/relationshipToHead', 'is required with householdId');
  if (input.kind === 'temporary') {
    if (input.until && input.until <= input.date) throw invalid('/body/until', 'must be after the date');
  } else if (input.until) throw invalid('/body/until', 'only a temporary residence has an end date');
  const moveCurrent = input.kind === 'current' || input.alsoCurrent !== false;
  return writeTx(services, caller, async (tx, key) => {
    const row = await lockPersonInTx(tx, idNumber);
    if (!row) throw new ProblemError('not-found', `no person with ID number ${idNumber}`);
    if (!moveCurrent) requireJurisdiction(caller.officer, locationOf(row));
    const p = subjectRef(caller.officer, row);
    if (await recordedInTx(tx, key, idNumber, 'residence-change')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
    refuseDead(p, 'a change of residence');
    checkEventDate(input.date, p);
    const address = nfc(input.address);
    const changes: PersonChanges = {};
    if (input.kind === 'permanent') Object.assign(changes, { permanent_unit_id: unit.id, permanent_address: address });
    if (input.kind === 'temporary') Object.assign(changes, { temporary_unit_id: unit.id, temporary_address: address, temporary_until: input.until ?? null });
    if (moveCurrent) {
      Object.assign(changes, { current_unit_id: unit.id, current_address: address, current_commune_id: destination.communeId, current_province_id: destination.provinceId });
    }
    let household: { from: string | null; to: string } | undefined;
    if (input.householdId) {
      const h = await referenceHouseholdInTx(tx, caller.officer, units, input.householdId, '/body/householdId', { lock: true });
      if (h.id !== row.household_id) {
        await leaveHeadship(tx, row);
        household = { from: row.household_id, to: h.id };
        Object.assign(changes, { household_id: h.id, relationship_to_head: nfc(input.relationshipToHead) });
      }
    }
    const r = await commitInTx(tx, {
      actor: actorOf(caller.officer), action: 'person.residence-change', subject: idNumber, legalBasis: nfc(input.legalBasis),
      requestId: key, trail: caller.trail, before: row, after: changes,
      event: {
        kind: 'residence-change', date: input.date,
        details: {
          residence: input.kind, destinationUnitId: unit.id, destinationCommuneId: destination.communeId,
          from: residenceOf(row, input.kind), movesCurrent: moveCurrent, ...(household ? { household } : {}),
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

/**
 * A head who leaves their household leaves it without a head until one is designated — also
 * when that household is in another jurisdiction: it is a consequence of the person's own act.
 */
export async function leaveHeadship(tx: Tx, p: PersonRow): Promise<void> {
  if (!p.household_id) return;
  const h = await householdRow(tx, p.household_id, true);
  if (h?.head_id === p.id_number) await setHouseholdHeadInTx(tx, h.id, null);
}

/**
 * Locks the person the request is about (who must be in the officer's jurisdiction) and another
 * person of the same act (who may be anywhere: a spouse), in ID-number order so that two events
 * on the same pair cannot deadlock. 404 for the first, 422 unknown-person for the other.
 */
async function lockPair(tx: Tx, caller: Caller, idNumber: string, otherId: string, otherPointer: string, role: string): Promise<[PersonRow, Reference]> {
  const [a, b] = idNumber < otherId ? [idNumber, otherId] : [otherId, idNumber];
  const ra = await lockPersonInTx(tx, a);
  const rb = await lockPersonInTx(tx, b);
  const p = a === idNumber ? ra : rb;
  const o = a === idNumber ? rb : ra;
  if (!p) throw new ProblemError('not-found', `no person with ID number ${idNumber}`);
  requireJurisdiction(caller.officer, locationOf(p));
  if (!o) throw unknownPerson(otherPointer, otherId);
  caller.trail.use(otherId, role);
  return [p, { row: o, readable: mayRead(caller.officer, o), pointer: otherPointer }];
}

/**
 * A marriage is registered where either spouse lives (Law on Civil Status 2014, art. 17): the
 * person in the path must be in the officer's jurisdiction; the other spouse may live anywhere,
 * and a refusal because of their record does not say what it holds unless the officer may read it.
 */
export async function registerMarriage(services: Services, caller: Caller, idNumber: string, input: { spouseIdNumber: string; date: string; legalBasis: string }): Result {
  checkIdNumber(input.spouseIdNumber, '/body/spouseIdNumber');
  if (input.spouseIdNumber === idNumber) throw invalid('/body/spouseIdNumber', 'is the person themselves');
  const actor = actorOf(caller.officer);
  return writeTx(services, caller, async (tx, key) => {
    const [row, s] = await lockPair(tx, caller, idNumber, input.spouseIdNumber, '/body/spouseIdNumber', 'spouse');
    const p = subjectRef(caller.officer, row);
    if (await recordedInTx(tx, key, idNumber, 'marriage')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
    checkEventDate(input.date, p);
    checkEventDate(input.date, s);
    for (const x of [p, s]) {
      refuseDead(x, 'a marriage');
      if (x.row.marital_status === 'married') {
        throw refusalAbout(x, 'life-event-not-allowed', `${x.row.id_number} is married (to ${x.row.spouse_id ?? x.row.spouse_name ?? 'a spouse'}): a marriage needs a divorce or the spouse's death first`, 'already-married');
      }
      if (ageOn(x.row.birth_date, input.date) < MARRIAGE_AGE[x.row.sex]) {
        throw refusalAbout(x, 'life-event-not-allowed', `${x.row.id_number} is under the marriage age (${MARRIAGE_AGE[x.row.sex]} for ${x.row.sex === 'male' ? 'men' : 'women'}) on ${input.date}`, 'under-age');
      }
    }
    // The law recognises marriage between a man and a woman only (Law on Marriage and Family 2014, art. 8(2)).
    if (p.row.sex === s.row.sex) throw refusalAbout(s, 'life-event-not-allowed', 'the law registers marriages between a man and a woman only', 'same-sex');
    if ([p.row.father_id, p.row.mother_id].includes(s.row.id_number) || [s.row.father_id, s.row.mother_id].includes(p.row.id_number)) {
      throw refusalAbout(s, 'life-event-not-allowed', 'marriage between a parent and child is prohibited (Law on Marriage and Family 2014, art. 5)', 'kinship');
    }
    const legalBasis = nfc(input.legalBasis);
    let replayed = false;
    for (const [x, y] of [[p.row, s.row], [s.row, p.row]] as const) {
      const r = await commitInTx(tx, {
        actor, action: 'person.marriage', subject: x.id_number, legalBasis, requestId: key, trail: caller.trail, before: x,
        after: { marital_status: 'married', spouse_id: y.id_number, spouse_name: null },
        event: { kind: 'marriage', date: input.date, details: { spouseIdNumber: y.id_number } },
      });
      replayed ||= r.replayed;
    }
    return { person: await personAfterWrite(services, tx, idNumber), replayed };
  });
}

/**
 * A divorce (a court's decision) is recorded for the person in the path, in the officer's
 * jurisdiction; the former spouse's record, wherever they live, changes with it.
 */
export async function registerDivorce(services: Services, caller: Caller, idNumber: string, input: { date: string; legalBasis: string }): Result {
  const actor = actorOf(caller.officer);
  return writeTx(services, caller, async (tx, key) => {
    const first = await lockForWrite(tx, caller.officer, idNumber);
    if (first.marital_status !== 'married') {
      if (await recordedInTx(tx, key, idNumber, 'divorce')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
      throw new ProblemError('life-event-not-allowed', `${idNumber} is not married (${first.marital_status})`, { reason: 'not-married' });
    }
    const [p, s] = first.spouse_id ? await lockPair(tx, caller, idNumber, first.spouse_id, '/spouse', 'former-spouse') : [first, null];
    checkEventDate(input.date, subjectRef(caller.officer, p));
    refuseDead(subjectRef(caller.officer, p), 'a divorce');
    const legalBasis = nfc(input.legalBasis);
    const pairs: [PersonRow, PersonRow | null][] = [[p, s?.row ?? null]];
    // The former spouse's record changes too when it still names this person.
    if (s && s.row.spouse_id === p.id_number && s.row.marital_status === 'married') pairs.push([s.row, p]);
    let replayed = false;
    for (const [x, y] of pairs) {
      const r = await commitInTx(tx, {
        actor, action: 'person.divorce', subject: x.id_number, legalBasis, requestId: key, trail: caller.trail, before: x,
        after: { marital_status: 'divorced', spouse_id: null, spouse_name: null },
        event: { kind: 'divorce', date: input.date, details: { formerSpouseIdNumber: y?.id_number ?? null, formerSpouseName: y ? null : x.spouse_name } },
      });
      replayed ||= r.replayed;
    }
    return { person: await personAfterWrite(services, tx, idNumber), replayed };
  });
}

/**
 * A death is recorded for the person in the path, in the officer's jurisdiction; the surviving
 * spouse, wherever they live, becomes widowed in the same transaction.
 */
export async function registerDeath(services: Services, caller: Caller, idNumber: string, input: { date: string; legalBasis: string }): Result {
  const actor = actorOf(caller.officer);
  return writeTx(services, caller, async (tx, key) => {
    let p = await lockForWrite(tx, caller.officer, idNumber);
    if (p.death_date) {
      if (await recordedInTx(tx, key, idNumber, 'death')) return { person: await personAfterWrite(services, tx, idNumber), replayed: true };
      throw new ProblemError('life-event-not-allowed', `${idNumber} is already recorded as dead on ${p.death_date}`, { reason: 'dead' });
    }
    checkEventDate(input.date, subjectRef(caller.officer, p));
    let spouse: PersonRow | null = null;
    if (p.spouse_id && p.marital_status === 'married') {
      let s: Reference;
      [p, s] = await lockPair(tx, caller, idNumber, p.spouse_id, '/spouse', 'spouse');
      spouse = s.row.spouse_id === p.id_number && s.row.marital_status === 'married' && !s.row.death_date ? s.row : null;
    }
    const legalBasis = nfc(input.legalBasis);
    const r = await commitInTx(tx, {
      actor, action: 'person.death', subject: idNumber, legalBasis, requestId: key, trail: caller.trail, before: p,
      after: { death_date: input.date, missing_since: null },
      event: { kind: 'death', date: input.date, details: { spouseIdNumber: spouse?.id_number ?? null } },
    });
    // The surviving spouse becomes widowed; the record keeps naming the deceased.
    if (spouse) {
      await commitInTx(tx, {
        actor, action: 'person.widowed', subject: spouse.id_number, legalBasis, requestId: key, trail: caller.trail, before: spouse,
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
  if (input.legalRepresentativeIdNumber) checkIdNumber(input.legalRepresentativeIdNumber, '/body/legalRepresentativeIdNumber');
  return writeTx(services, caller, async (tx, key) => {
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
        // A legal representative may live anywhere (a grandparent in another province).
        await referencePersonInTx(tx, caller, id, '/body/legalRepresentativeIdNumber', 'legal-representative');
      }
      changes.legal_representative_id = id;
      if (input.legalRepresentativeName === undefined) changes.legal_representative_name = null;
    }
    if (input.legalRepresentativeName !== undefined) changes.legal_representative_name = nfc(input.legalRepresentativeName);
    const r = await commitInTx(tx, {
      actor: actorOf(caller.officer), action: 'person.correction', subject: idNumber, legalBasis: nfc(input.legalBasis),
      requestId: key, trail: caller.trail, before: p, after: changes as PersonChanges,
      event: { kind: 'correction', date: todayInVietnam(), details: { fields: Object.keys(input).filter((k) => k !== 'legalBasis') } },
    });
    return { person: await personAfterWrite(services, tx, idNumber), replayed: r.replayed };
  });
}
