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

/** Where an officer acts on persons, as data (the audited read applies it in SQL). */
export type JurisdictionScope = { level: 'national' } | { level: 'province' | 'commune'; id: string } | { level: 'none' };

export function jurisdictionScope(officer: Officer): JurisdictionScope {
  const j = officer.jurisdiction;
  if (j) return { level: j.level, id: j.id };
  return officer.role === 'admin' || officer.role === 'central' ? { level: 'national' } : { level: 'none' };
}

export function inJurisdiction(officer: Officer, where: PersonLocation): boolean {
  const scope = jurisdictionScope(officer);
  switch (scope.level) {
    case 'national': return true;
    case 'none': return false;
    case 'commune': return where.communeId === scope.id;
    case 'province': return where.provinceId === scope.id;
  }
}

export function outsideJurisdiction(officer: Officer): ProblemError {
  return new ProblemError('outside-jurisdiction', `the person lives outside ${officer.jurisdiction?.name ?? 'your jurisdiction'}`);
}

export function requireJurisdiction(officer: Officer, where: PersonLocation): void {
  requireRole(officer, PERSON_ROLES);
  if (!inJurisdiction(officer, where)) throw outsideJurisdiction(officer);
}
