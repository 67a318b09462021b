// Merges as officers reach them over HTTP: reading one (audited for both records) and undoing
// one (central officers, administrators). Merges themselves are made by the quality module's
// review (quality/review.ts) through merge.ts mergePersonsInTx, inside its own decision.
import { requireJurisdiction, requireRole, PERSON_ROLES } from '../auth/access.ts';
import { ProblemError } from '../problems.ts';
import type { Services } from '../services.ts';
import { readMerge, undoMergeInTx, UNDO_ROLES, type MergeView } from './merge.ts';
import { actorOf, locationOf, nfc, writeTx, type Caller } from './service.ts';

export async function getMerge(services: Services, caller: Caller, id: string): Promise<MergeView> {
  requireRole(caller.officer, PERSON_ROLES);
  const found = await readMerge(services.sql, id);
  if (!found) throw new ProblemError('not-found', `no merge ${id}`);
  // The survivor holds the person (and the retired number's data): its jurisdiction decides. A
  // survivor merged away since is read through the record that holds it now.
  if (!found.survivor) throw new ProblemError('not-found', `merge ${id}: its survivor ${found.merge.survivor} was merged again; read that merge through the record that holds the person now`);
  requireJurisdiction(caller.officer, locationOf(found.survivor));
  const actor = actorOf(caller.officer);
  await services.audit.record(...[found.merge.survivor, found.merge.retired].map((subject) => ({
    actor, action: 'person.merge.read', subject, requestId: caller.requestId, details: { mergeId: id },
  })));
  return found.merge;
}

export async function undoMerge(services: Services, caller: Caller, id: string, input: { legalBasis: string }): Promise<MergeView> {
  requireRole(caller.officer, UNDO_ROLES);
  const { merge } = await writeTx(services, caller, (tx, key) => undoMergeInTx(tx, caller, key, id, { legalBasis: nfc(input.legalBasis) }));
  return merge;
}
