// The 26 fields of the National Population Database (DESIGN.md §6) and where they live: the
// `person` column(s) and the JSON name in the API's person resource. The table drives the
// "changed fields" of history and outbox events, and docs/data-model.md reproduces it.
import { canonicalJson } from '../audit/chain.ts';

/** Person columns that hold data (everything but the version bookkeeping and search_name). */
export const DATA_COLUMNS = [
  'id_number', 'full_name', 'other_names', 'birth_date', 'sex', 'place_of_birth', 'birth_registration_unit_id',
  'native_place', 'ethnicity', 'religion', 'nationality', 'blood_type', 'old_id_number', 'previous_card',
  'father_id', 'father_name', 'mother_id', 'mother_name', 'spouse_id', 'spouse_name',
  'legal_representative_id', 'legal_representative_name',
  'permanent_unit_id', 'permanent_address', 'temporary_unit_id', 'temporary_address', 'temporary_until',
  'current_unit_id', 'current_address', 'temporary_absence', 'current_commune_id', 'current_province_id',
  'household_id', 'relationship_to_head', 'marital_status', 'death_date', 'missing_since', 'phone', 'email',
] as const;
export type DataColumn = (typeof DATA_COLUMNS)[number];

/** Column → JSON name of the field it belongs to in the person resource. */
export const FIELD_OF_COLUMN: Record<DataColumn, string> = {
  id_number: 'idNumber',
  full_name: 'fullName',
  other_names: 'otherNames',
  birth_date: 'birthDate',
  sex: 'sex',
  place_of_birth: 'placeOfBirth',
  birth_registration_unit_id: 'birthRegistrationUnit',
  native_place: 'nativePlace',
  ethnicity: 'ethnicity',
  religion: 'religion',
  nationality: 'nationality',
  blood_type: 'bloodType',
  old_id_number: 'oldIdNumber',
  previous_card: 'previousCard',
  father_id: 'father',
  father_name: 'father',
  mother_id: 'mother',
  mother_name: 'mother',
  spouse_id: 'spouse',
  spouse_name: 'spouse',
  legal_representative_id: 'legalRepresentative',
  legal_representative_name: 'legalRepresentative',
  permanent_unit_id: 'permanentResidence',
  permanent_address: 'permanentResidence',
  temporary_unit_id: 'temporaryResidence',
  temporary_address: 'temporaryResidence',
  temporary_until: 'temporaryResidence',
  current_unit_id: 'currentResidence',
  current_address: 'currentResidence',
  temporary_absence: 'temporaryAbsence',
  current_commune_id: 'currentResidence',
  current_province_id: 'currentResidence',
  household_id: 'household',
  relationship_to_head: 'relationshipToHead',
  marital_status: 'maritalStatus',
  death_date: 'deathDate',
  missing_since: 'missingSince',
  phone: 'phone',
  email: 'email',
};

/**
 * The 26 fields as the law lists them, with their JSON name(s). Children and household members
 * are derived (persons whose father/mother is this person; persons of the same household), not
 * stored on the person row.
 */
export const TWENTY_SIX_FIELDS: readonly { n: number; field: string; json: string; columns: string }[] = [
  { n: 1, field: 'Full name at birth registration (họ, chữ đệm và tên khai sinh)', json: 'fullName', columns: 'full_name' },
  { n: 2, field: 'Other names (tên gọi khác)', json: 'otherNames', columns: 'other_names' },
  { n: 3, field: 'Personal ID number (số định danh cá nhân)', json: 'idNumber', columns: 'id_number' },
  { n: 4, field: 'Date of birth', json: 'birthDate', columns: 'birth_date' },
  { n: 5, field: 'Sex', json: 'sex', columns: 'sex' },
  { n: 6, field: 'Place of birth', json: 'placeOfBirth', columns: 'place_of_birth' },
  { n: 7, field: 'Place of birth registration', json: 'birthRegistrationUnit', columns: 'birth_registration_unit_id' },
  { n: 8, field: 'Native place (quê quán)', json: 'nativePlace', columns: 'native_place' },
  { n: 9, field: 'Ethnicity (dân tộc)', json: 'ethnicity', columns: 'ethnicity' },
  { n: 10, field: 'Religion', json: 'religion', columns: 'religion' },
  { n: 11, field: 'Nationality', json: 'nationality', columns: 'nationality' },
  { n: 12, field: 'Blood type', json: 'bloodType', columns: 'blood_type' },
  { n: 13, field: 'Old 9- or 12-digit ID (CMND)', json: 'oldIdNumber', columns: 'old_id_number' },
  { n: 14, field: 'Previous card: issue date, place, validity', json: 'previousCard', columns: 'previous_card' },
  { n: 15, field: 'Father, mother, spouse, children, legal representative (name, ID number, nationality)', json: 'father, mother, spouse, children, legalRepresentative', columns: 'father_id/_name, mother_id/_name, spouse_id/_name, legal_representative_id/_name; children derived' },
  { n: 16, field: 'Household head and relationship to the head', json: 'household.head, relationshipToHead', columns: 'household.head_id, relationship_to_head' },
  { n: 17, field: 'Household members', json: 'GET /households/{id} members', columns: 'person.household_id' },
  { n: 18, field: 'Permanent residence (thường trú)', json: 'permanentResidence', columns: 'permanent_unit_id, permanent_address' },
  { n: 19, field: 'Temporary residence (tạm trú)', json: 'temporaryResidence', columns: 'temporary_unit_id, temporary_address, temporary_until' },
  { n: 20, field: 'Current residence (nơi ở hiện tại)', json: 'currentResidence', columns: 'current_unit_id, current_address (+ current_commune_id, current_province_id today)' },
  { n: 21, field: 'Temporary absence declaration (tạm vắng)', json: 'temporaryAbsence', columns: 'temporary_absence' },
  { n: 22, field: 'Residence file number (số hồ sơ cư trú)', json: 'household.fileNumber', columns: 'household.file_number' },
  { n: 23, field: 'Marital status', json: 'maritalStatus', columns: 'marital_status' },
  { n: 24, field: 'Date of death or of going missing', json: 'deathDate, missingSince', columns: 'death_date, missing_since' },
  { n: 25, field: 'Phone number', json: 'phone', columns: 'phone' },
  { n: 26, field: 'Email address', json: 'email', columns: 'email' },
];

/** JSON field names whose columns differ between two versions' data (snake_case objects). */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const col of DATA_COLUMNS) {
    if (!(col in after)) continue;
    if (before === null || !sameValue(before[col], after[col])) out.add(FIELD_OF_COLUMN[col]);
  }
  return [...out];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  // Numbers come back from jsonb as numbers and from columns as strings (bigint household id).
  if (typeof a !== 'object' || typeof b !== 'object') return String(a) === String(b);
  return canonicalJson(a) === canonicalJson(b);
}
