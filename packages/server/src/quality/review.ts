// The review of duplicate pairs (docs/quality.md "Review and merge"): the queues per commune,
// province and nationwide, a pair with its explanation, and the decision — reject, or confirm,
// which merges the two records through the register (registry/merge.ts) in the same transaction.
//
// Jurisdiction (docs/security.md "Acts that span jurisdictions"): a pair belongs to the smallest
// jurisdiction holding both persons — a commune's queue when both live in the commune, a
// province's when both live in the province, the central queue otherwise — and only an officer
// whose jurisdiction holds both persons today may open it or decide on it. Every person an answer
// shows is audited, one entry each.
import type { UnitIndex } from '../admin-units/service.ts';
import { unitIndex } from '../admin-units/service.ts';
import { appendAuditInTx } from '../audit/log.ts';
import { inJurisdiction, requireJurisdiction, requireRole, PERSON_ROLES } from '../auth/access.ts';
import type { Tx } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
import { mergePersonsInTx, readMerge, registerMergeListener, type MergeView } from '../registry/merge.ts';
import { actorOf, currentHolder, invalid, nfc, writeTx, type Caller } from '../registry/service.ts';
import type { Services } from '../services.ts';
import { explain, type FieldExplanation } from './dedup/scoring.ts';
import { matchRows, type MatchRow } from './registry-reads.ts';
import {
  decidePairInTx, decisionOfRequestInTx, decisions, markMergeUndoneInTx, openPairs, pairRow, supersedePairsOfInTx, type PairRow,
} from './sql.ts';

// A merge retires a number: open pairs naming it can no longer be decided. An undone merge closes
// its pair for good (the officer's decision was wrong; the records are two persons).
registerMergeListener({
  name: 'quality',
  async onMerge(tx, m) {
    await supersedePairsOfInTx(tx, m.retired);
    return null;
  },
  async onUndo(tx, m) {
    await markMergeUndoneInTx(tx, { mergeId: m.mergeId, actor: m.actor, requestId: m.requestId });
  },
});

const location = (p: Pick<MatchRow, 'current_commune_id' | 'current_province_id'>) => ({ communeId: p.current_commune_id, provinceId: p.current_province_id });

function personView(p: MatchRow | undefined, idNumber: string, units: UnitIndex) {
  if (!p) return { idNumber, inRegister: false };
  return {
    idNumber, inRegister: true, fullName: p.full_name, birthDate: p.birth_date, sex: p.sex, placeOfBirth: p.place_of_birth,
    nativePlace: p.native_place, ethnicity: p.ethnicity, religion: p.religion, bloodType: p.blood_type, oldIdNumber: p.old_id_number,
    phone: p.phone, email: p.email, fatherName: p.father_name, motherName: p.mother_name, spouseName: p.spouse_name,
    maritalStatus: p.marital_status, deathDate: p.death_date, householdId: p.household_id,
    residence: { unit: units.view(p.current_unit_id), address: p.current_address },
  };
}

export interface PairView {
  id: string; band: 'same' | 'review'; score: number; status: PairRow['status']; via: string;
  a: ReturnType<typeof personView>; b: ReturnType<typeof personView>;
  explanation: FieldExplanation[];
  mergeId: string | null; survivor: string | null;
}

function pairView(p: PairRow, rows: Map<string, MatchRow>, units: UnitIndex): PairView {
  return {
    id: p.id, band: p.band, score: Math.round(p.score * 10) / 10, status: p.status, via: p.explanation.via,
    a: personView(rows.get(p.a), p.a, units), b: personView(rows.get(p.b), p.b, units),
    explanation: explain(p.explanation.levels), mergeId: p.merge_id, survivor: p.survivor,
  };
}

/** Both persons of a pair in the officer's jurisdiction today (a retired number: its holder's residence). */
async function requirePairReadable(services: Services, caller: Caller, p: PairRow, rows: Map<string, MatchRow>): Promise<void> {
  for (const id of [p.a, p.b]) {
    caller.trail.use(id, 'duplicate-pair');
    const row = rows.get(id);
    const where = row ? location(row) : (await currentHolder(services.sql, id))?.location;
    if (!where) continue; // a number the register never held cannot be outside anything
    requireJurisdiction(caller.officer, where);
  }
}

/** The officer's queue: open pairs whose two persons are both in their jurisdiction, best first. */
export async function listPairs(services: Services, caller: Caller, q: { band?: 'same' | 'review'; province?: string; commune?: string; limit: number; offset: number }) {
  requireRole(caller.officer, PERSON_ROLES);
  const j = caller.officer.jurisdiction;
  const page = { items: [] as PairView[], offset: q.offset, limit: q.limit };
  // A commune officer's queue is their commune's; a province officer's their province's (or one of
  // its communes'); central officers choose any.
  if (j?.level === 'commune' && ((q.commune && q.commune !== j.id) || (q.province && q.province !== j.provinceId))) return page;
  if (j?.level === 'province' && q.province && q.province !== j.id) return page;
  const communeId = j?.level === 'commune' ? j.id : q.commune;
  const provinceId = j?.level === 'province' ? j.id : q.province;
  const pairs = await openPairs(services.sql, { communeId, provinceId, band: q.band, limit: q.limit, offset: q.offset });
  const [rows, units] = await Promise.all([matchRows(services.sql, pairs.flatMap((p) => [p.a, p.b])), unitIndex(services.sql)]);
  // The queue is cut by residence when the pair was last scored; what is shown follows today's.
  const shown = pairs.filter((p) => [p.a, p.b].every((id) => rows.has(id) && inJurisdiction(caller.officer, location(rows.get(id)!))));
  page.items = shown.map((p) => pairView(p, rows, units));
  const actor = actorOf(caller.officer);
  const entries = shown.flatMap((p) => [p.a, p.b].map((subject) => ({ actor, action: 'quality.pair.read', subject, requestId: caller.requestId, details: { pairId: p.id } })));
  if (entries.length > 0) await services.audit.record(...entries);
  return page;
}

export async function getPair(services: Services, caller: Caller, id: string) {
  requireRole(caller.officer, PERSON_ROLES);
  const p = await pairRow(services.sql, id);
  if (!p) throw new ProblemError('not-found', `no duplicate pair ${id}`);
  const [rows, units] = await Promise.all([matchRows(services.sql, [p.a, p.b]), unitIndex(services.sql)]);
  await requirePairReadable(services, caller, p, rows);
  const history = await decisions(services.sql, id);
  const actor = actorOf(caller.officer);
  await services.audit.record(...[p.a, p.b].map((subject) => ({ actor, action: 'quality.pair.read', subject, requestId: caller.requestId, details: { pairId: id } })));
  return {
    ...pairView(p, rows, units),
    decisions: history.map((d) => ({
      decision: d.decision as 'confirm' | 'reject' | 'undo', decidedBy: d.decided_by, decidedAt: d.decided_at.toISOString(), legalBasis: d.legal_basis, note: d.note, mergeId: d.merge_id,
    })),
  };
}

export interface DecisionInput { decision: 'confirm' | 'reject'; survivorIdNumber?: string; legalBasis: string; note?: string }

/**
 * Rejects a pair (never proposed again) or confirms it: the two records are merged, the survivor
 * the officer chose keeping its number. One transaction: the decision, the merge, the audit.
 */
export async function decidePair(services: Services, caller: Caller, id: string, input: DecisionInput): Promise<PairView & { merge: MergeView | null }> {
  requireRole(caller.officer, PERSON_ROLES);
  const legalBasis = nfc(input.legalBasis);
  const note = input.note === undefined ? null : nfc(input.note);
  const units = await unitIndex(services.sql);
  return writeTx(services, caller, async (tx, key) => {
    const p = await pairRow(tx, id, true);
    if (!p) throw new ProblemError('not-found', `no duplicate pair ${id}`);
    const prior = await decisionOfRequestInTx(tx, id, key);
    if (!prior && p.status !== 'open') {
      throw new ProblemError('pair-already-decided', `pair ${id} is ${p.status}${p.merge_id ? ` (merge ${p.merge_id})` : ''}`, { pairStatus: p.status });
    }
    const rows = await matchRows(tx, [p.a, p.b]);
    await requirePairReadable(services, caller, p, rows);
    // A retry of this very decision: answered with what it recorded.
    if (prior) return { ...pairView(p, rows, units), merge: prior.merge_id ? (await readMerge(tx, prior.merge_id))?.merge ?? null : null };
    let merge: MergeView | null = null;
    const actor = actorOf(caller.officer);
    if (input.decision === 'confirm') {
      const survivor = input.survivorIdNumber;
      if (!survivor || (survivor !== p.a && survivor !== p.b)) throw invalid('/body/survivorIdNumber', `must be one of the pair: ${p.a} or ${p.b}`);
      ({ merge } = await mergePersonsInTx(tx, caller, key, { survivor, retired: survivor === p.a ? p.b : p.a, legalBasis, details: { pairId: id } }));
      await decidePairInTx(tx, { pairId: id, decision: 'confirm', actor, legalBasis, note, requestId: key, mergeId: merge.id, survivor });
    } else {
      if (rows.size < 2) throw new ProblemError('pair-already-decided', `pair ${id}: a record of it was merged away`, { pairStatus: 'superseded' });
      await decidePairInTx(tx, { pairId: id, decision: 'reject', actor, legalBasis, note, requestId: key });
    }
    await auditDecisionInTx(tx, caller, p, input.decision, merge);
    const after = await pairRow(tx, id);
    return { ...pairView(after!, await matchRows(tx, [p.a, p.b]), units), merge };
  });
}

async function auditDecisionInTx(tx: Tx, caller: Caller, p: PairRow, decision: 'confirm' | 'reject', merge: MergeView | null): Promise<void> {
  const actor = actorOf(caller.officer);
  for (const id of [p.a, p.b]) caller.trail.written.add(id);
  await appendAuditInTx(tx, [p.a, p.b].map((subject) => ({
    actor, action: `quality.pair.${decision}`, subject, requestId: caller.requestId, details: { pairId: p.id, ...(merge ? { mergeId: merge.id } : {}) },
  })));
}
