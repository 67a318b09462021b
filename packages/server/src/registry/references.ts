// Persons and households a write refers to besides the person it is about: the parents of a
// birth, the spouse of a marriage, a legal representative, the household a person joins.
//
// The rules (docs/security.md "Acts that span jurisdictions"):
//   - a referenced PERSON may live outside the officer's jurisdiction only in the acts the law
//     lets span two places (a parent at a birth, the other spouse at a marriage, divorce or
//     death, a legal representative); their use is audited (`person.reference`, trail.ts), and
//     nothing about them that the officer could not read directly — birth date, sex, death,
//     marital status, residence — appears in an answer or an error message;
//   - a referenced HOUSEHOLD must be in the officer's jurisdiction, always.
import type { AuditTrail } from '../audit/trail.ts';
import { requireJurisdiction } from '../auth/access.ts';
import type { Officer } from '../auth/officers.ts';
import type { Tx } from '../db/connect.ts';
import { ProblemError, type ProblemKind } from '../problems.ts';
import type { UnitIndex } from '../admin-units/service.ts';
import { mayRead } from './service.ts';
import { householdRow, lockPersonInTx, personRow, type HouseholdRow, type PersonRow } from './sql.ts';

export interface Reference {
  row: PersonRow;
  /** May the officer read this person directly? Decides what refusals may say about them. */
  readable: boolean;
  /** Where in the request the reference was given, e.g. /body/motherIdNumber. */
  pointer: string;
}

export function unknownPerson(pointer: string, idNumber: string): ProblemError {
  return new ProblemError('unknown-person', `${pointer}: no person with ID number ${idNumber}`, { errors: [{ pointer, message: 'not in the register' }] });
}

/**
 * Reads (and with `lock`, locks for update) a person the request refers to, and notes the use of
 * their data in the request's audit trail — before anything is decided from it.
 */
export async function referencePersonInTx(tx: Tx, caller: { officer: Officer; trail: AuditTrail }, idNumber: string, pointer: string,
  role: string, options: { lock?: boolean } = {}): Promise<Reference> {
  const row = options.lock ? await lockPersonInTx(tx, idNumber) : await personRow(tx, idNumber);
  if (!row) throw unknownPerson(pointer, idNumber);
  caller.trail.use(idNumber, role);
  return { row, readable: mayRead(caller.officer, row), pointer };
}

const WITHHELD = 'the register does not allow it for this person, whose record is outside your jurisdiction, so the reason is not shown here; the officer of their residence can see it';

/**
 * A refusal because of a referenced person's record. `detail` and `reason` describe their data,
 * so they are given only to an officer who may read that person; anyone else learns that the
 * reference does not fit, not why.
 */
export function refusalAbout(ref: Reference, kind: Extract<ProblemKind, 'validation-error' | 'life-event-not-allowed'>, detail: string, reason: string): ProblemError {
  const message = ref.readable ? detail : WITHHELD;
  if (kind === 'validation-error') {
    return new ProblemError(kind, `${ref.pointer} ${message}`, { errors: [{ pointer: ref.pointer, message }] });
  }
  return new ProblemError(kind, `${ref.pointer}: ${message}`, { reason: ref.readable ? reason : 'withheld', errors: [{ pointer: ref.pointer, message }] });
}

/** A household the request refers to, which must exist and lie in the officer's jurisdiction. */
export async function referenceHouseholdInTx(tx: Tx, officer: Officer, units: UnitIndex, id: string, pointer: string,
  options: { lock?: boolean; missing?: 'not-found' | 'validation-error' } = {}): Promise<HouseholdRow> {
  const h = await householdRow(tx, id, options.lock ?? false);
  if (!h) {
    if (options.missing === 'not-found') throw new ProblemError('not-found', `no household ${id}`);
    throw new ProblemError('validation-error', `${pointer} no household ${id}`, { errors: [{ pointer, message: 'no such household' }] });
  }
  try {
    requireJurisdiction(officer, units.todayCommune(h.unit_id));
  } catch (err) {
    if (err instanceof ProblemError && err.kind === 'outside-jurisdiction') {
      throw new ProblemError('outside-jurisdiction', `${pointer}: household ${id} is outside ${officer.jurisdiction?.name ?? 'your jurisdiction'}`, { errors: [{ pointer, message: 'outside your jurisdiction' }] });
    }
    throw err;
  }
  return h;
}
