// Households (hộ gia đình): a residence file number, an address in a commune, a head, and the
// members (persons whose household_id is the household) with their relationship to the head.
// Joining and leaving are 'household-change' life events of the member, through the write path.
// Who may do what with households: docs/security.md.
import { requireJurisdiction, requireRole, PERSON_ROLES } from '../auth/access.ts';
import { todayInVietnam } from '../calendar.ts';
import { ProblemError } from '../problems.ts';
import type { Services } from '../services.ts';
import { leaveHeadship } from './life-events.ts';
import { actorOf, invalid, lockForWrite, nfc, readHousehold, writeTx, type Caller } from './service.ts';
import { referenceHouseholdInTx } from './references.ts';
import { insertHouseholdInTx, lockPersonInTx, nextFileNumberInTx, recordedInTx, setHouseholdHeadInTx } from './sql.ts';
import { unitIndex } from '../admin-units/service.ts';
import { commitInTx } from './write-path.ts';

const HEAD = 'Chủ hộ';

export async function createHousehold(services: Services, caller: Caller,
  input: { headIdNumber: string; unitId: string; address: string; date?: string; legalBasis: string }) {
  requireRole(caller.officer, PERSON_ROLES);
  const date = input.date ?? todayInVietnam();
  if (date > todayInVietnam()) throw invalid('/body/date', 'is in the future');
  const units = await unitIndex(services.sql);
  const unit = units.inForce(input.unitId, date, 'commune', '/body/unitId');
  requireJurisdiction(caller.officer, units.todayCommune(unit.id));
  const id = await writeTx(services, caller, async (tx, key) => {
    const head = await lockForWrite(tx, caller.officer, input.headIdNumber);
    const [prior] = await tx<{ household_id: string }[]>`
      select details->>'householdId' as household_id from life_event
      where request_id = ${key} and id_number = ${head.id_number} and kind = 'household-change'`;
    if (prior) return prior.household_id;
    if (head.death_date) throw new ProblemError('life-event-not-allowed', `${head.id_number} died on ${head.death_date}`, { reason: 'dead' });
    const h = await insertHouseholdInTx(tx, {
      fileNumber: await nextFileNumberInTx(tx, unit.code), unitId: unit.id, address: nfc(input.address), headId: head.id_number,
    });
    await leaveHeadship(tx, head);
    await commitInTx(tx, {
      actor: actorOf(caller.officer), action: 'household.create', subject: head.id_number, legalBasis: nfc(input.legalBasis),
      requestId: key, trail: caller.trail, before: head, after: { household_id: h.id, relationship_to_head: HEAD },
      event: { kind: 'household-change', date, details: { householdId: h.id, action: 'created', role: 'head', from: head.household_id } },
    });
    return h.id;
  });
  return readHousehold(services, caller, id);
}

/**
 * Adds a person to a household. Both must be in the officer's jurisdiction: the household (its
 * commune keeps its residence file) and the person (where they live). Decided before anything is
 * written, in the transaction that writes.
 */
export async function addHouseholdMember(services: Services, caller: Caller, householdId: string,
  input: { idNumber: string; relationshipToHead: string; date?: string; legalBasis: string }) {
  requireRole(caller.officer, PERSON_ROLES);
  const date = input.date ?? todayInVietnam();
  if (date > todayInVietnam()) throw invalid('/body/date', 'is in the future');
  const relationship = nfc(input.relationshipToHead);
  if (relationship === HEAD) throw invalid('/body/relationshipToHead', `a household has one head; "${HEAD}" is set when the household is created`);
  const units = await unitIndex(services.sql);
  await writeTx(services, caller, async (tx, key) => {
    const p = await lockForWrite(tx, caller.officer, input.idNumber);
    const h = await referenceHouseholdInTx(tx, caller.officer, units, householdId, '/params/id', { lock: true, missing: 'not-found' });
    if (await recordedInTx(tx, key, p.id_number, 'household-change')) return;
    if (p.death_date) throw new ProblemError('life-event-not-allowed', `${p.id_number} died on ${p.death_date}`, { reason: 'dead' });
    if (p.household_id === h.id) throw new ProblemError('conflict', `${p.id_number} is already a member of household ${h.id}`);
    await leaveHeadship(tx, p);
    await commitInTx(tx, {
      actor: actorOf(caller.officer), action: 'household.join', subject: p.id_number, legalBasis: nfc(input.legalBasis),
      requestId: key, trail: caller.trail, before: p, after: { household_id: h.id, relationship_to_head: relationship },
      event: { kind: 'household-change', date, details: { householdId: h.id, action: 'joined', from: p.household_id } },
    });
  });
  return readHousehold(services, caller, householdId);
}

/**
 * Removes a member from a household. The household must be in the officer's jurisdiction (its
 * commune keeps the residence file); the member may live elsewhere by now — taking them off the
 * file is the household commune's act (docs/security.md).
 */
export async function removeHouseholdMember(services: Services, caller: Caller, householdId: string, idNumber: string,
  input: { date?: string; legalBasis: string }) {
  requireRole(caller.officer, PERSON_ROLES);
  const date = input.date ?? todayInVietnam();
  if (date > todayInVietnam()) throw invalid('/body/date', 'is in the future');
  const units = await unitIndex(services.sql);
  await writeTx(services, caller, async (tx, key) => {
    const p = await lockPersonInTx(tx, idNumber);
    const h = await referenceHouseholdInTx(tx, caller.officer, units, householdId, '/params/id', { lock: true, missing: 'not-found' });
    if (!p || p.household_id !== h.id) {
      if (p && await recordedInTx(tx, key, p.id_number, 'household-change')) return;
      throw new ProblemError('not-found', `${idNumber} is not a member of household ${h.id}`);
    }
    // As on a move (leaveHeadship): a head who leaves leaves the household without a head.
    if (h.head_id === p.id_number) await setHouseholdHeadInTx(tx, h.id, null);
    await commitInTx(tx, {
      actor: actorOf(caller.officer), action: 'household.leave', subject: p.id_number, legalBasis: nfc(input.legalBasis),
      requestId: key, trail: caller.trail, before: p, after: { household_id: null, relationship_to_head: null },
      event: { kind: 'household-change', date, details: { householdId: h.id, action: 'left' } },
    });
  });
  return readHousehold(services, caller, householdId);
}
