// Birth registration (đăng ký khai sinh): the event that creates a person and allocates the
// personal ID number (DESIGN.md §6). The number's prefix is PPP G YY: the pre-2025 province the
// registering unit stands for (units.ts idProvinceCode), the century/sex digit and the birth
// year; its serial is the keyed permutation of the prefix's counter (packages/idnumber).
import { allocateIdNumber, formatPrefix, SERIALS_PER_PREFIX } from '@cancuoc/idnumber';
import { requireJurisdiction, requireRole, PERSON_ROLES } from '../auth/access.ts';
import type { Tx } from '../db/connect.ts';
import { addDays, todayInVietnam } from '../calendar.ts';
import { ProblemError } from '../problems.ts';
import type { Services } from '../services.ts';
import type { BirthInput, Person } from './schemas.ts';
import { referenceHouseholdInTx, referencePersonInTx, refusalAbout, type Reference } from './references.ts';
import { actorOf, checkIdNumber, invalid, mayRead, nfc, personAfterWrite, writeTx, type Caller } from './service.ts';
import { eventsOfRequestInTx, nextIdCounterInTx, type PersonData, type PersonRow } from './sql.ts';
import { unitIndex } from '../admin-units/service.ts';
import { commitInTx } from './write-path.ts';

/** How long before the birth a father may have died and still be recorded (gestation). */
const POSTHUMOUS_DAYS = 300;

export async function registerBirth(services: Services, caller: Caller, input: BirthInput): Promise<{ person: Person; replayed: boolean }> {
  requireRole(caller.officer, PERSON_ROLES);
  const today = todayInVietnam();
  const registrationDate = input.registrationDate ?? today;
  if (registrationDate > today) throw invalid('/body/registrationDate', 'is in the future');
  if (input.birthDate > registrationDate) throw invalid('/body/birthDate', `is after the registration date ${registrationDate}`);
  const units = await unitIndex(services.sql);
  const regUnit = units.inForce(input.birthRegistrationUnitId, registrationDate, 'any', '/body/birthRegistrationUnitId');
  // The officer registers births in the units they work for.
  requireJurisdiction(caller.officer, units.todayCommune(regUnit.id));
  const fatherId = input.fatherIdNumber === undefined ? undefined : checkIdNumber(input.fatherIdNumber, '/body/fatherIdNumber');
  const motherId = input.motherIdNumber === undefined ? undefined : checkIdNumber(input.motherIdNumber, '/body/motherIdNumber');
  if (fatherId && input.fatherName) throw invalid('/body/fatherName', 'give either fatherIdNumber or fatherName');
  if (motherId && input.motherName) throw invalid('/body/motherName', 'give either motherIdNumber or motherName');
  const actor = actorOf(caller.officer);

  return writeTx(services, caller, async (tx, key) => {
    const prior = await eventsOfRequestInTx(tx, key, 'birth');
    if (prior.length > 0) return { person: await personAfterWrite(services, tx, prior[0]!.id_number), replayed: true };

    // A parent may live anywhere: a birth is registered where one parent lives (docs/security.md).
    const father = fatherId ? await parent(tx, caller, fatherId, 'male', '/body/fatherIdNumber', input.birthDate) : null;
    const mother = motherId ? await parent(tx, caller, motherId, 'female', '/body/motherIdNumber', input.birthDate) : null;
    const fullName = nfc(input.fullName);
    await refuseDuplicate(tx, caller, fullName, input.birthDate, father, mother);

    // The child lives where the mother lives (else the father) unless a residence is given.
    const residentParent = [mother, father].find((p) => p && p.row.current_unit_id) ?? null;
    let permanent: { unitId: string | null; address: string | null };
    let current: { unitId: string | null; address: string | null };
    if (input.permanentResidence) {
      const u = units.inForce(input.permanentResidence.unitId, registrationDate, 'commune', '/body/permanentResidence/unitId');
      permanent = current = { unitId: u.id, address: nfc(input.permanentResidence.address) };
    } else if (residentParent) {
      if (!residentParent.readable) {
        throw new ProblemError('outside-jurisdiction', `the child would live with the parent given in ${residentParent.pointer}, outside ${caller.officer.jurisdiction?.name ?? 'your jurisdiction'}: give permanentResidence in your jurisdiction, or register the birth where that parent lives`);
      }
      permanent = { unitId: residentParent.row.permanent_unit_id, address: residentParent.row.permanent_address };
      current = { unitId: residentParent.row.current_unit_id, address: residentParent.row.current_address };
    } else {
      throw invalid('/body/permanentResidence', 'is required when no parent with a residence is in the register');
    }
    const where = units.todayCommune(current.unitId!);
    requireJurisdiction(caller.officer, where);

    // A household, given or the resident parent's, must be in the officer's jurisdiction.
    let householdId: string | null = null;
    let relationship: string | null = null;
    const householdRef = input.householdId ?? (!input.permanentResidence ? residentParent?.row.household_id ?? undefined : undefined);
    if (householdRef) {
      const pointer = input.householdId ? '/body/householdId' : `${residentParent!.pointer} (the parent's household)`;
      const h = await referenceHouseholdInTx(tx, caller.officer, units, householdRef, pointer);
      householdId = h.id;
      relationship = nfc(input.relationshipToHead) ?? relationshipVia(h.head_id, father?.row ?? null, mother?.row ?? null);
    }

    // Defaults come only from parents the officer may read: the child's record would otherwise
    // show what the officer cannot see in the parent's.
    const readableParents = [father, mother].filter((p): p is Reference => p !== null && p.readable).map((p) => p.row);
    const ethnicity = nfc(input.ethnicity) ?? readableParents[0]?.ethnicity;
    if (!ethnicity) throw invalid('/body/ethnicity', 'is required when no parent whose record you may read is given');
    // Vietnamese nationality when either parent is Vietnamese (Law on Nationality 2008, art. 16);
    // a relative's nationality is part of the child's own record (field 15).
    const parents = [father, mother].filter((p): p is Reference => p !== null).map((p) => p.row);
    const nationality = input.nationality ?? (parents.some((p) => p.nationality === 'VNM') ? 'VNM' : parents[0]?.nationality ?? 'VNM');

    const idNumber = await allocate(tx, services.idNumberKey, units.idProvinceCode(regUnit.id), input.sex, Number(input.birthDate.slice(0, 4)));
    const row: PersonData = {
      id_number: idNumber,
      full_name: fullName,
      other_names: (input.otherNames ?? []).map((n) => nfc(n)),
      birth_date: input.birthDate,
      sex: input.sex,
      place_of_birth: nfc(input.placeOfBirth),
      birth_registration_unit_id: regUnit.id,
      native_place: nfc(input.nativePlace) ?? readableParents.find((p) => p.native_place)?.native_place ?? null,
      ethnicity,
      religion: nfc(input.religion) ?? 'Không',
      nationality,
      blood_type: null,
      old_id_number: null,
      previous_card: null,
      father_id: father?.row.id_number ?? null,
      father_name: father ? null : nfc(input.fatherName) ?? null,
      mother_id: mother?.row.id_number ?? null,
      mother_name: mother ? null : nfc(input.motherName) ?? null,
      spouse_id: null,
      spouse_name: null,
      legal_representative_id: null,
      legal_representative_name: null,
      permanent_unit_id: permanent.unitId,
      permanent_address: permanent.address,
      temporary_unit_id: null,
      temporary_address: null,
      temporary_until: null,
      current_unit_id: current.unitId,
      current_address: current.address,
      temporary_absence: null,
      current_commune_id: where.communeId,
      current_province_id: where.provinceId,
      household_id: householdId,
      relationship_to_head: relationship,
      marital_status: 'single',
      death_date: null,
      missing_since: null,
      phone: null,
      email: null,
    };
    await commitInTx(tx, {
      actor, action: 'person.birth', subject: idNumber, legalBasis: nfc(input.legalBasis), requestId: key, trail: caller.trail,
      before: null, after: row,
      event: { kind: 'birth', date: registrationDate, details: { birthDate: input.birthDate, registrationUnitId: regUnit.id, householdId } },
    });
    return { person: await personAfterWrite(services, tx, idNumber), replayed: false };
  });
}

async function parent(tx: Tx, caller: Caller, idNumber: string, sex: 'male' | 'female', pointer: string, birthDate: string): Promise<Reference> {
  const ref = await referencePersonInTx(tx, caller, idNumber, pointer, sex === 'male' ? 'father' : 'mother');
  const p = ref.row;
  if (p.sex !== sex) throw refusalAbout(ref, 'validation-error', `${idNumber} is registered as ${p.sex}`, 'sex');
  if (p.birth_date >= birthDate) throw refusalAbout(ref, 'validation-error', `${idNumber} was born on ${p.birth_date}, not before the child`, 'born-after-child');
  if (p.death_date) {
    const limit = sex === 'female' ? birthDate : addDays(birthDate, -POSTHUMOUS_DAYS);
    if (p.death_date < limit) throw refusalAbout(ref, 'validation-error', `${idNumber} died on ${p.death_date}, before the child could be born`, 'dead');
  }
  return ref;
}

async function refuseDuplicate(tx: Tx, caller: Caller, fullName: string, birthDate: string, father: Reference | null, mother: Reference | null): Promise<void> {
  const parentId = mother?.row.id_number ?? father?.row.id_number;
  if (!parentId) return;
  const [dup] = await tx<PersonRow[]>`
    select id_number, current_commune_id, current_province_id from person
    where ${mother ? tx`mother_id = ${parentId}` : tx`father_id = ${parentId}`} and birth_date = ${birthDate} and full_name = ${fullName}`;
  if (!dup) return;
  caller.trail.use(dup.id_number, 'possible-duplicate');
  const shown = mayRead(caller.officer, dup);
  throw new ProblemError('duplicate-person', shown
    ? `${fullName}, born ${birthDate} to the same parent, is already registered as ${dup.id_number}`
    : `${fullName}, born ${birthDate} to the same parent, is already registered (outside your jurisdiction)`, shown ? { idNumber: dup.id_number } : {});
}

function relationshipVia(headId: string | null, father: PersonRow | null, mother: PersonRow | null): string {
  if (!headId) return 'Con';
  if (headId === father?.id_number || headId === mother?.id_number) return 'Con';
  if (headId === father?.spouse_id || headId === mother?.spouse_id) return 'Con';
  const parentRel = (mother ?? father)?.relationship_to_head;
  return parentRel === 'Con' ? 'Cháu' : 'Khác';
}

/**
 * Takes the prefix's next counter and maps it through the permutation. Numbers that entered the
 * register another way (an import of numbers issued elsewhere) may already hold a serial of the
 * prefix, and retired numbers stay taken; such a number is skipped, bounded by the prefix size.
 */
async function allocate(tx: Tx, key: Buffer, provinceCode: string, sex: 'male' | 'female', birthYear: number): Promise<string> {
  const prefix = formatPrefix({ provinceCode, sex, birthYear });
  for (;;) {
    const counter = await nextIdCounterInTx(tx, prefix);
    if (counter >= SERIALS_PER_PREFIX) {
      throw new ProblemError('id-number-prefix-exhausted', `all ${SERIALS_PER_PREFIX} numbers of prefix ${prefix} (province ${provinceCode}, ${sex}, born ${birthYear}) are issued`, { prefix });
    }
    const idNumber = allocateIdNumber({ key, provinceCode, sex, birthYear, counter });
    // A number a merge retired is never issued again (merge.ts).
    const [taken] = await tx`select 1 from person where id_number = ${idNumber} union all select 1 from person_retired where id_number = ${idNumber}`;
    if (!taken) return idNumber;
  }
}

