// The bulk file format of `cancuoc import` / `cancuoc export` (docs/import-format.md): one person
// per CSV record or NDJSON line, fields named like the register API's person resource
// (registry/schemas.ts) but flat, so that a CSV column holds one value: nested objects are
// spelled out (`father` → fatherIdNumber, fatherName; `previousCard` → previousCard…Date/Place;
// residences → <kind>UnitId, <kind>Address) and the household is named by its residence file
// number. Each field maps to one column of the `person` row (or, for the household, to
// household.file_number).
import { checkIdNumberMatches, parseIdNumber } from '@cancuoc/idnumber';

export type FieldKind = 'id' | 'text' | 'name' | 'date' | 'unit' | 'names' | 'json' | 'enum' | 'pattern';

export interface FileField {
  /** Name in the file (CSV header / NDJSON key). */
  readonly name: string;
  /** Column of the staging row (and of person, except householdFileNumber and previous-card parts). */
  readonly column: string;
  readonly kind: FieldKind;
  readonly required?: boolean;
  readonly values?: readonly string[];
  readonly pattern?: RegExp;
  readonly max?: number;
}

const BLOOD_TYPES = ['A', 'B', 'AB', 'O', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'];
// Same rules as the register API (registry/schemas.ts): letters with diacritics, space, ' . -
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' .-]*$/u;

export const FILE_FIELDS: readonly FileField[] = [
  { name: 'idNumber', column: 'id_number', kind: 'id', required: true },
  { name: 'fullName', column: 'full_name', kind: 'name', required: true, max: 200 },
  { name: 'otherNames', column: 'other_names', kind: 'names' },
  { name: 'birthDate', column: 'birth_date', kind: 'date', required: true },
  { name: 'sex', column: 'sex', kind: 'enum', required: true, values: ['male', 'female'] },
  { name: 'placeOfBirth', column: 'place_of_birth', kind: 'text', max: 300 },
  { name: 'birthRegistrationUnitId', column: 'birth_registration_unit_id', kind: 'unit' },
  { name: 'nativePlace', column: 'native_place', kind: 'text', max: 300 },
  { name: 'ethnicity', column: 'ethnicity', kind: 'text', required: true, max: 50 },
  { name: 'religion', column: 'religion', kind: 'text', max: 100 },
  { name: 'nationality', column: 'nationality', kind: 'pattern', pattern: /^[A-Z]{3}$/ },
  { name: 'bloodType', column: 'blood_type', kind: 'enum', values: BLOOD_TYPES },
  { name: 'oldIdNumber', column: 'old_id_number', kind: 'pattern', pattern: /^(\d{9}|\d{12})$/ },
  { name: 'previousCardIssueDate', column: 'previous_card_issue_date', kind: 'date' },
  { name: 'previousCardIssuePlace', column: 'previous_card_issue_place', kind: 'text', max: 200 },
  { name: 'previousCardExpiryDate', column: 'previous_card_expiry_date', kind: 'date' },
  { name: 'fatherIdNumber', column: 'father_id', kind: 'id' },
  { name: 'fatherName', column: 'father_name', kind: 'name', max: 200 },
  { name: 'motherIdNumber', column: 'mother_id', kind: 'id' },
  { name: 'motherName', column: 'mother_name', kind: 'name', max: 200 },
  { name: 'spouseIdNumber', column: 'spouse_id', kind: 'id' },
  { name: 'spouseName', column: 'spouse_name', kind: 'name', max: 200 },
  { name: 'legalRepresentativeIdNumber', column: 'legal_representative_id', kind: 'id' },
  { name: 'legalRepresentativeName', column: 'legal_representative_name', kind: 'name', max: 200 },
  { name: 'permanentUnitId', column: 'permanent_unit_id', kind: 'unit' },
  { name: 'permanentAddress', column: 'permanent_address', kind: 'text', max: 300 },
  { name: 'temporaryUnitId', column: 'temporary_unit_id', kind: 'unit' },
  { name: 'temporaryAddress', column: 'temporary_address', kind: 'text', max: 300 },
  { name: 'temporaryUntil', column: 'temporary_until', kind: 'date' },
  { name: 'currentUnitId', column: 'current_unit_id', kind: 'unit' },
  { name: 'currentAddress', column: 'current_address', kind: 'text', max: 300 },
  { name: 'temporaryAbsence', column: 'temporary_absence', kind: 'json' },
  // Today's (generation-2) commune of the person, when the recorded current/permanent unit is a
  // pre-2025 commune that was split: which part the person lives in is a fact, not derivable.
  { name: 'currentCommuneId', column: 'current_commune_id', kind: 'unit' },
  { name: 'householdFileNumber', column: 'household_file_number', kind: 'text', max: 50 },
  { name: 'relationshipToHead', column: 'relationship_to_head', kind: 'text', max: 50 },
  { name: 'maritalStatus', column: 'marital_status', kind: 'enum', values: ['single', 'married', 'divorced', 'widowed'] },
  { name: 'deathDate', column: 'death_date', kind: 'date' },
  { name: 'missingSince', column: 'missing_since', kind: 'date' },
  { name: 'phone', column: 'phone', kind: 'pattern', pattern: /^\+?[0-9]{8,15}$/ },
  { name: 'email', column: 'email', kind: 'pattern', pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, max: 254 },
];

export const FIELD_NAMES = FILE_FIELDS.map((f) => f.name);
const BY_NAME = new Map(FILE_FIELDS.map((f) => [f.name, f]));
export const fieldByName = (name: string) => BY_NAME.get(name);

/** A raw row: field name → value as read (CSV: strings; NDJSON: any JSON value). */
export type RawRow = Record<string, unknown>;

export interface RowProblem { line: number; field?: string; message: string }

/** The validated row as staging values (column order of STAGING_COLUMNS), or its problems. */
export type CheckedRow =
  | { ok: true; values: (string | null)[] }
  | { ok: false; problems: string[]; idNumber: string | null };

export const STAGING_COLUMNS = FILE_FIELDS.map((f) => f.column);

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Checks one row on its own (types, formats, enums, dates, ID number consistency). What needs
 * other rows or the register (duplicates, references, units, households) is checked set-based
 * in SQL afterwards (import.ts).
 */
export function checkRow(raw: RawRow, today: string): CheckedRow {
  const problems: string[] = [];
  const values: (string | null)[] = [];
  for (const f of FILE_FIELDS) {
    let v = raw[f.name];
    if (v === undefined || v === null || v === '') {
      if (f.required) problems.push(`${f.name}: required`);
      values.push(null);
      continue;
    }
    if (f.kind === 'names') {
      const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(';').map((s) => s.trim()).filter((s) => s !== '') : null;
      if (!list || list.some((s) => typeof s !== 'string' || !NAME.test(s.normalize('NFC')) || s.length > 200)) {
        problems.push(`${f.name}: a list of names (CSV: separated by ;)`);
        values.push(null);
      } else {
        values.push(pgArray(list.map((s: string) => s.normalize('NFC'))));
      }
      continue;
    }
    if (f.kind === 'json') {
      let obj: unknown = v;
      if (typeof v === 'string') {
        try { obj = JSON.parse(v); } catch { obj = undefined; }
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        problems.push(`${f.name}: a JSON object`);
        values.push(null);
      } else {
        values.push(JSON.stringify(obj));
      }
      continue;
    }
    if (typeof v === 'number' && (f.kind === 'id' || f.kind === 'pattern')) v = String(v);
    if (typeof v !== 'string') {
      problems.push(`${f.name}: must be a string`);
      values.push(null);
      continue;
    }
    const s = v.normalize('NFC').trim();
    let ok = true;
    switch (f.kind) {
      case 'id': {
        const r = parseIdNumber(s, { today });
        if (!r.ok) { problems.push(`${f.name}: ${r.error.message}`); ok = false; }
        break;
      }
      case 'name':
        if (!NAME.test(s)) { problems.push(`${f.name}: letters, spaces, ' . - only`); ok = false; }
        break;
      case 'date':
        if (!isDate(s)) { problems.push(`${f.name}: not a date YYYY-MM-DD ("${s}")`); ok = false; }
        break;
      case 'unit':
        if (!/^[12]:\d{2,5}$/.test(s)) { problems.push(`${f.name}: not a unit id like 2:00004 ("${s}")`); ok = false; }
        break;
      case 'enum':
        if (!f.values!.includes(s)) { problems.push(`${f.name}: one of ${f.values!.join(', ')} ("${s}")`); ok = false; }
        break;
      case 'pattern':
        if (!f.pattern!.test(s)) { problems.push(`${f.name}: malformed ("${s}")`); ok = false; }
        break;
      case 'text':
        if (/[\u0000-\u001f]/.test(s)) { problems.push(`${f.name}: control characters`); ok = false; }
        break;
    }
    if (ok && f.max !== undefined && s.length > f.max) { problems.push(`${f.name}: longer than ${f.max} characters`); ok = false; }
    values.push(ok ? s : null);
  }
  const get = (name: string) => values[FILE_FIELDS.findIndex((f) => f.name === name)] ?? null;
  const idNumber = get('idNumber');
  const birthDate = get('birthDate');
  const sex = get('sex');
  if (idNumber && birthDate && sex) {
    const m = checkIdNumberMatches(idNumber, { sex: sex as 'male' | 'female', birthDate });
    if (!m.ok) problems.push(`idNumber: ${'invalid' in m ? m.invalid.message : m.mismatches.map((e) => e.message).join('; ')}`);
  }
  if (birthDate && birthDate > today) problems.push(`birthDate: in the future (${birthDate})`);
  for (const name of ['deathDate', 'missingSince'] as const) {
    const d = get(name);
    if (d && birthDate && d < birthDate) problems.push(`${name}: before birthDate`);
    if (d && d > today) problems.push(`${name}: in the future (${d})`);
  }
  const issue = get('previousCardIssueDate');
  const expiry = get('previousCardExpiryDate');
  if (issue && expiry && expiry < issue) problems.push('previousCardExpiryDate: before previousCardIssueDate');
  for (const kind of ['permanent', 'temporary', 'current'] as const) {
    if ((get(`${kind}UnitId`) === null) !== (get(`${kind}Address`) === null) && !problems.some((p) => p.startsWith(`${kind}`))) {
      problems.push(`${kind}UnitId and ${kind}Address go together`);
    }
  }
  for (const rel of ['father', 'mother', 'spouse', 'legalRepresentative'] as const) {
    if (get(`${rel}IdNumber`) !== null && get(`${rel}IdNumber`) === idNumber) problems.push(`${rel}IdNumber: the person themself`);
  }
  if (problems.length > 0) return { ok: false, problems, idNumber: idNumber && /^\d{12}$/.test(idNumber) ? idNumber : null };
  return { ok: true, values };
}

/** A PostgreSQL array literal of text values. */
function pgArray(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
