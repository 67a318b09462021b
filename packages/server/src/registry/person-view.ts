// From the person's row and its document (migration 017) to the API's person resource
// (schemas.ts PersonSchema), and history data to the API's names.
import type { Person } from './schemas.ts';
import type { LookupRow } from './sql.ts';
import type { UnitIndex } from '../admin-units/service.ts';

/** A relative as the person's record shows them: registered (ID number, from the document) or by name only. */
const relative = (id: string | null, storedName: string | null, doc: { fullName: string; nationality: string } | null) =>
  id === null && storedName === null ? null : { idNumber: id, fullName: doc?.fullName ?? storedName, nationality: doc?.nationality ?? null };

export function toPerson(r: LookupRow, units: UnitIndex): Person {
  const d = r.document;
  return {
    idNumber: r.id_number,
    fullName: r.full_name,
    otherNames: r.other_names,
    birthDate: r.birth_date,
    sex: r.sex,
    placeOfBirth: r.place_of_birth,
    birthRegistrationUnit: units.view(r.birth_registration_unit_id),
    nativePlace: r.native_place,
    ethnicity: r.ethnicity,
    religion: r.religion,
    nationality: r.nationality,
    bloodType: r.blood_type,
    oldIdNumber: r.old_id_number,
    previousCard: r.previous_card,
    father: relative(r.father_id, r.father_name, d.father),
    mother: relative(r.mother_id, r.mother_name, d.mother),
    spouse: relative(r.spouse_id, r.spouse_name, d.spouse),
    legalRepresentative: relative(r.legal_representative_id, r.legal_representative_name, d.legalRepresentative),
    children: d.children,
    permanentResidence: r.permanent_unit_id || r.permanent_address ? { unit: units.view(r.permanent_unit_id), address: r.permanent_address } : null,
    temporaryResidence: r.temporary_unit_id || r.temporary_address
      ? { unit: units.view(r.temporary_unit_id), address: r.temporary_address, until: r.temporary_until } : null,
    currentResidence: r.current_unit_id || r.current_address ? { unit: units.view(r.current_unit_id), address: r.current_address } : null,
    temporaryAbsence: r.temporary_absence,
    household: r.household_id === null || d.household === null ? null : {
      id: r.household_id,
      fileNumber: d.household.fileNumber,
      head: d.household.headId ? { idNumber: d.household.headId, fullName: d.household.headName } : null,
      unit: units.view(d.household.unitId),
      address: d.household.address,
    },
    relationshipToHead: r.relationship_to_head,
    maritalStatus: r.marital_status,
    deathDate: r.death_date,
    missingSince: r.missing_since,
    phone: r.phone,
    email: r.email,
    version: r.version,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
    legalBasis: r.legal_basis,
  };
}

/** A version's stored data (snake_case columns) with the API's camelCase names. */
export function versionData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = k === 'household_id' && v !== null ? String(v) : v;
  }
  return out;
}
