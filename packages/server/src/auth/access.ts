// Who may do what (DESIGN.md §5): authorisation by role AND jurisdiction. A commune officer acts
// on persons whose current residence is in their commune, a province officer in their province,
// central officers and administrators nationwide. Auditors read the audit log, not persons.
import { ProblemError } from '../problems.ts';
import type { Officer, Role } from './officers.ts';

export const PERSON_ROLES: readonly Role[] = ['admin', 'central', 'province', 'commune'];
export const AUDIT_ROLES: readonly Role[] = ['admin', 'central', 'auditor'];

export function requireRole(officer: Officer, roles: readonly Role[]): void {
  if (!roles.includes(officer.role)) {
    throw new ProblemError('forbidden', `role ${officer.role} may not do this; needs one of: ${roles.join(', ')}`);
  }
}

/** Where a person lives today, in generation-2 units (what jurisdictions are expressed in). */
export interface PersonLocation { communeId: string | null; provinceId: string | null }

export function inJurisdiction(officer: Officer, where: PersonLocation): boolean {
  const j = officer.jurisdiction;
  if (!j) return officer.role === 'admin' || officer.role === 'central';
  return j.level === 'commune' ? where.communeId === j.id : where.provinceId === j.id;
}

export function requireJurisdiction(officer: Officer, where: PersonLocation): void {
  requireRole(officer, PERSON_ROLES);
  if (!inJurisdiction(officer, where)) {
    throw new ProblemError('outside-jurisdiction', `the person lives outside ${officer.jurisdiction?.name ?? 'your jurisdiction'}`);
  }
}
