// THE one write path for personal data (DESIGN.md §3: "every write of personal data goes through
// one path that also writes history, the audit log and the outbox event, in the same
// transaction"). In the caller's `sql.begin` transaction it:
//   1. returns early when this request id already recorded this event for this person (a retry);
//   2. copies the current version into person_version and applies the change as version + 1
//      (or inserts version 1 for a birth; or, for the record a merge retires, ends the row there:
//      its last version stays in person_version, merge.ts);
//   3. records the life event with its legal basis and officer;
//   4. appends the audit entry to the hash chain (appendAuditInTx);
//   5. inserts the outbox event: topic, ID number, version, event kind and the NAMES of the
//      changed fields — never the personal data itself, which subscribers read (and are
//      authorised and audited for) through the API;
//   6. refreshes the person documents the change alters (migration 017): the person's own, and
//      those of everyone whose document shows them — parents, spouse, children, the persons they
//      represent, the members of the households they left or joined.
// Whatever fails, the transaction rolls back and none of it happened.
import { appendAuditInTx } from '../audit/log.ts';
import type { AuditTrail } from '../audit/trail.ts';
import type { Tx } from '../db/connect.ts';
import { changedFields } from './fields.ts';
import {
  eventsOfRequestInTx, insertLifeEventInTx, insertOutboxInTx, insertPersonInTx, refreshDocumentsInTx, retirePersonInTx, supersedePersonInTx,
  type LifeEventInsert, type PersonChanges, type PersonData, type PersonRow,
} from './sql.ts';

export interface Commit {
  /** `officer:<uuid>` */
  actor: string;
  /** Audit action, e.g. `person.birth`, `person.marriage`. */
  action: string;
  /** The personal ID number written. */
  subject: string;
  legalBasis: string;
  /** Idempotency key: the `Idempotency-Key` header, else the request id. */
  requestId: string;
  /** The request's audit trail: the subject is marked written (its use is audited here). */
  trail: AuditTrail;
  /** The current row (locked with lockPersonInTx), or null for a new person. */
  before: PersonRow | null;
  /**
   * The new person (when before is null), the changed columns, or null: the record ends here —
   * its number is retired by a merge (merge.ts) and its last version is kept in person_version.
   */
  after: PersonData | PersonChanges | null;
  /** A record brought back by the undo of a merge: inserted as version restoredFrom + 1. */
  restoredFrom?: number;
  event: { kind: LifeEventInsert['kind']; date: string; details?: Record<string, unknown> };
  /** Outbox topic; default `person.created` for a new person, `person.updated` otherwise. */
  outbox?: { topic?: string; extra?: Record<string, unknown> };
}

export interface CommitResult {
  /** True when this request had already been recorded: nothing was written this time. */
  replayed: boolean;
  version: number;
  changed: string[];
  eventId?: string;
}

export async function commitInTx(tx: Tx, c: Commit): Promise<CommitResult> {
  c.trail.written.add(c.subject);
  const prior = await eventsOfRequestInTx(tx, c.requestId, c.event.kind);
  if (prior.some((e) => e.id_number === c.subject)) {
    return { replayed: true, version: c.before?.version ?? 1, changed: [] };
  }
  const meta = { actor: c.actor, legalBasis: c.legalBasis };
  let changed: string[];
  let version: number;
  if (c.after === null) {
    if (c.before === null) throw new Error(`commitInTx: retiring ${c.subject} needs its current row`);
    await retirePersonInTx(tx, c.subject, c.before.version);
    changed = [];
    version = c.before.version;
  } else if (c.before === null) {
    changed = changedFields(null, c.after as Record<string, unknown>);
    version = (c.restoredFrom ?? 0) + 1;
    await insertPersonInTx(tx, c.after as PersonData, { ...meta, version });
  } else {
    changed = changedFields(c.before as unknown as Record<string, unknown>, c.after as Record<string, unknown>);
    // Only what differs is written; a correction that changes nothing still makes a version,
    // because the legal act was recorded.
    await supersedePersonInTx(tx, c.subject, c.before.version, c.after as PersonChanges, meta);
    version = c.before.version + 1;
  }
  const details = { ...(c.event.details ?? {}), version, changed };
  const eventId = await insertLifeEventInTx(tx, {
    idNumber: c.subject, kind: c.event.kind, date: c.event.date, legalBasis: c.legalBasis,
    actor: c.actor, requestId: c.requestId, details,
  });
  await appendAuditInTx(tx, [{
    actor: c.actor, action: c.action, subject: c.subject, requestId: c.requestId,
    details: { eventId, kind: c.event.kind, eventDate: c.event.date, legalBasis: c.legalBasis, version, changed },
  }]);
  // The documents this change alters: the subject's, and through refresh_person_documents its
  // relatives' and household's — as they are now and, for parents and household, as they were
  // (a parent no longer named loses the child from their list).
  const formerParents = [c.before?.father_id, c.before?.mother_id].filter((x): x is string => !!x);
  await refreshDocumentsInTx(tx, [c.subject, ...formerParents], [c.before?.household_id ?? null]);
  const topic = c.outbox?.topic ?? (c.after === null ? 'person.retired' : c.before === null ? 'person.created' : 'person.updated');
  await insertOutboxInTx(tx, topic, c.subject, {
    idNumber: c.subject, version, event: c.event.kind, eventId, changed, ...(c.outbox?.extra ?? {}),
  });
  return { replayed: false, version, changed, eventId };
}
