/** Validation of the personalisation record (issue #4 person JSON), reporting every bad field at once. */
import type { VietnamPerson } from '../lds/dg13.ts';
import { PersonValidationError } from './errors.ts';

const REQUIRED_TEXT = ['fullName', 'nationality', 'ethnicity', 'religion', 'nativePlace', 'residence', 'identifyingMarks', 'fatherName', 'motherName'] as const;
const OPTIONAL_TEXT = ['spouseName'] as const;

function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Checks an untrusted value (parsed JSON) and returns it typed, or throws PersonValidationError. */
export function validatePerson(input: unknown): VietnamPerson {
  const problems: Array<{ field: string; message: string }> = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new PersonValidationError([{ field: '(root)', message: 'must be a JSON object' }]);
  const p = input as Record<string, unknown>;
  const bad = (field: string, message: string) => problems.push({ field, message });
  if (typeof p.idNumber !== 'string' || !/^\d{12}$/.test(p.idNumber)) bad('idNumber', 'must be a string of 12 digits');
  for (const f of REQUIRED_TEXT) {
    if (typeof p[f] !== 'string' || (p[f] as string).trim() === '') bad(f, 'must be a non-empty string');
    else if ((p[f] as string).length > 500) bad(f, 'is longer than 500 characters');
  }
  for (const f of OPTIONAL_TEXT) if (p[f] !== undefined && p[f] !== null && typeof p[f] !== 'string') bad(f, 'must be a string or null');
  if (p.oldIdNumber !== undefined && p.oldIdNumber !== null && (typeof p.oldIdNumber !== 'string' || !/^\d{9}$/.test(p.oldIdNumber) && p.oldIdNumber !== '')) {
    bad('oldIdNumber', 'must be 9 digits, empty or null');
  }
  if (p.sex !== 'male' && p.sex !== 'female') bad('sex', 'must be "male" or "female"');
  if (!isIsoDate(p.birthDate)) bad('birthDate', 'must be a date YYYY-MM-DD');
  if (!isIsoDate(p.issueDate)) bad('issueDate', 'must be a date YYYY-MM-DD');
  if (p.expiryDate !== null && !isIsoDate(p.expiryDate)) bad('expiryDate', 'must be a date YYYY-MM-DD or null');
  if (isIsoDate(p.birthDate) && isIsoDate(p.issueDate) && p.issueDate < p.birthDate) bad('issueDate', 'is before birthDate');
  if (isIsoDate(p.issueDate) && isIsoDate(p.expiryDate) && p.expiryDate <= p.issueDate) bad('expiryDate', 'is not after issueDate');
  if (problems.length > 0) throw new PersonValidationError(problems);
  return p as unknown as VietnamPerson;
}
