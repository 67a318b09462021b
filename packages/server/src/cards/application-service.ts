// The application stage (docs/cards.md "Applications and approval"; DESIGN.md §6 "Identity
// card"): an officer takes an application for a person of the register, stores the photo and the
// fingerprints, runs the automatic checks, and another officer of the right level approves or
// rejects it. The person is read through the register's service (registry/service.ts), never its
// tables. Every write is authorised (role and jurisdiction) inside its transaction before anything
// is written, and audited in it; every read of an application is audited per person shown.
//
// Jurisdiction (docs/security.md): an application belongs to its receiving office. Officers whose
// jurisdiction holds that office (its commune; its province; nationwide) read it, store its
// biometrics, run its checks and cancel it. Taking one needs the person in the officer's
// jurisdiction too, as any write about a person does. Deciding is for province officers of the
// office's province and central officers and administrators, never the officer who took the
// application or captured its biometrics (four eyes; migration 050's check is the last line).
import { inJurisdiction, requireRole, PERSON_ROLES } from '../auth/access.ts';
import type { Officer, Role } from '../auth/officers.ts';
import { appendAuditInTx } from '../audit/log.ts';
import { todayInVietnam } from '../calendar.ts';
import type { Sql, Tx } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
import {
  actorOf, checkIdNumber, getPerson, invalid, lockForWrite, nfc, unitIndex, writeTx, type Caller,
} from '../registry/service.ts';
import type { UnitIndex } from '../admin-units/service.ts';
import type { Person } from '../registry/schemas.ts';
import type { Services } from '../services.ts';
import { runChecks, BIOMETRICS_FROM_AGE } from './application-checks.ts';
import type { ApplicationInput, ApplicationView, DeclaredChangesInput } from './application-schemas.ts';
import {
  activeCards, applicationOfRequestInTx, cancelInTx, applicationRow, appointmentOf, fingerRows, insertApplicationInTx, insertCheckInTx, lastCheck,
  listApplications as listRows, nextReferenceInTx, openApplicationOf, otherOpenApplications, releaseAppointmentInTx, setFingersInTx,
  setPhotoInTx, setStatusInTx, type ApplicationRow, type FingerRow,
} from './application-sql.ts';
import { checkPhoto, detectFingerImage, FINGER_LOW_QUALITY, FINGER_MAX_BYTES, FINGER_POSITIONS } from './biometrics.ts';
import { ageOn } from '../calendar.ts';

/** Who may approve or reject: province officers (of the office's province), central officers, administrators. */
export const DECIDING_ROLES: readonly Role[] = ['admin', 'central', 'province'];

// ---- jurisdiction over a receiving office ----

/** The office as a location: a commune office lies in its commune and province, a province office in its province only. */
function officeLocation(units: UnitIndex, unitId: string) {
  const u = units.get(unitId);
  if (!u) return { communeId: null, provinceId: null };
  return u.level === 'commune' ? { communeId: u.id, provinceId: u.provinceId } : { communeId: null, provinceId: u.id };
}

export function mayActAt(officer: Officer, units: UnitIndex, unitId: string): boolean {
  return PERSON_ROLES.includes(officer.role) && inJurisdiction(officer, officeLocation(units, unitId));
}

function requireOffice(officer: Officer, units: UnitIndex, unitId: string): void {
  requireRole(officer, PERSON_ROLES);
  if (!inJurisdiction(officer, officeLocation(units, unitId))) {
    throw new ProblemError('outside-jurisdiction', `the receiving office ${units.get(unitId)?.name ?? unitId} is outside ${officer.jurisdiction?.name ?? 'your jurisdiction'}`);
  }
}

/** A current (generation-2) commune or province, as a receiving office. */
export function currentOffice(units: UnitIndex, unitId: string, pointer: string) {
  const u = units.inForce(unitId, todayInVietnam(), 'any', pointer);
  if (u.generation !== 2) throw new ProblemError('unknown-admin-unit', `${pointer}: ${u.name} (${unitId}) is not a current unit`, { errors: [{ pointer, message: 'must be a unit in force today' }] });
  return u;
}

export function checkKind(kind: string, reissueReason: string | undefined, pointer: string): void {
  if (kind === 'reissue' && !reissueReason) throw invalid(`${pointer}/reissueReason`, 'is required with kind reissue (the legal reason, DESIGN.md §6)');
  if (kind !== 'reissue' && reissueReason) throw invalid(`${pointer}/reissueReason`, 'is only for kind reissue');
}

export function normaliseChanges(c: DeclaredChangesInput | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(c ?? {}).map(([k, v]) => [k, typeof v === 'string' ? nfc(v) : v]));
}

const pgCode = (e: unknown) => (e as { code?: string }).code;
const pgConstraint = (e: unknown) => (e as { constraint_name?: string }).constraint_name;

/** The problem for a person who already has an open application (050's unique index as the last line). */
export function openApplicationProblem(open: { id: string; reference: string; status: string }): ProblemError {
  return new ProblemError('open-application-exists', `the person already has an open application ${open.reference} (${open.status}); cancel it or continue it`, {
    applicationId: open.id, reference: open.reference, applicationStatus: open.status,
  });
}

// ---- the view ----

export async function applicationView(sql: Sql | Tx, units: UnitIndex, row: ApplicationRow, person: Person | undefined): Promise<ApplicationView> {
  const [fingers, check, appointment] = await Promise.all([fingerRows(sql, row.id), lastCheck(sql, row.id), appointmentOf(sql, row.id)]);
  return {
    id: row.id, reference: row.reference, idNumber: row.person_id, fullName: person?.fullName ?? null, birthDate: person?.birthDate ?? null,
    kind: row.kind, reissueReason: row.reissue_reason as ApplicationView['reissueReason'], status: row.status, channel: row.channel,
    receivingUnit: units.view(row.receiving_unit_id), declaredChanges: row.declared_changes,
    photo: row.photo_width !== null && row.photo_height !== null ? { width: row.photo_width, height: row.photo_height, bytes: row.photo_bytes ?? 0 } : null,
    fingerprints: fingers.map(fingerView),
    appointment: appointment ? { unitId: appointment.unit_id, date: appointment.day, released: appointment.released_at !== null } : null,
    lastCheck: check ? { passed: check.passed, runAt: check.run_at.toISOString(), runBy: check.run_by, failures: check.failures } : null,
    createdBy: row.created_by, createdAt: row.created_at.toISOString(),
    decidedBy: row.decided_by, decidedAt: row.decided_at?.toISOString() ?? null, decisionNote: row.decision_note,
    version: row.version, updatedAt: row.updated_at.toISOString(),
  };
}

function fingerView(f: FingerRow) {
  return {
    position: f.position, finger: FINGER_POSITIONS[f.position]!, format: f.format, width: f.width, height: f.height, quality: f.quality,
    lowQuality: f.quality !== null && f.quality < FINGER_LOW_QUALITY, missingReason: f.missing_reason,
  };
}

async function audit(tx: Tx, caller: Caller, action: string, subject: string, details: Record<string, unknown>): Promise<void> {
  caller.trail.written.add(subject);
  await appendAuditInTx(tx, [{ actor: actorOf(caller.officer), action, subject, requestId: caller.requestId, details }]);
}

/** The application locked for a write by an officer of its receiving office, or 404/403. */
async function lockApplication(tx: Tx, caller: Caller, units: UnitIndex, id: string): Promise<ApplicationRow> {
  const row = await applicationRow(tx, id, true);
  if (!row) throw new ProblemError('not-found', `no card application ${id}`);
  requireOffice(caller.officer, units, row.receiving_unit_id);
  return row;
}

function requireStatus(row: ApplicationRow, allowed: ApplicationRow['status'][], what: string): void {
  if (!allowed.includes(row.status)) {
    throw new ProblemError('application-status-conflict', `application ${row.reference} is ${row.status}; ${what} needs it ${allowed.join(' or ')}`, { applicationStatus: row.status });
  }
}

// ---- taking an application ----

/**
 * POST /card-applications: the officer's office receives an application for a person of the
 * register. Only what changed is declared; the rest is the register's. One open application per
 * person: a second is refused with the open one's reference.
 */
export async function createApplication(services: Services, caller: Caller, input: ApplicationInput): Promise<ApplicationView> {
  requireRole(caller.officer, PERSON_ROLES);
  checkIdNumber(input.idNumber, '/body/idNumber');
  checkKind(input.kind, input.reissueReason, '/body');
  const units = await unitIndex(services.sql);
  const j = caller.officer.jurisdiction;
  let unitId: string;
  if (input.receivingUnitId) {
    currentOffice(units, input.receivingUnitId, '/body/receivingUnitId');
    unitId = input.receivingUnitId;
    requireOffice(caller.officer, units, unitId);
  } else if (j) {
    unitId = j.id;
  } else {
    throw invalid('/body/receivingUnitId', 'is required of officers without a jurisdiction of their own: the police office that receives the application');
  }
  const declared = normaliseChanges(input.declaredChanges);
  const actor = actorOf(caller.officer);
  const { id, created } = await writeTx(services, caller, async (tx, key) => {
    const prior = await applicationOfRequestInTx(tx, key);
    if (prior) return { id: prior.id, created: false };
    // The person's row locked: concurrent applications for one person serialise here.
    await lockForWrite(tx, caller.officer, input.idNumber);
    const open = await openApplicationOf(tx, input.idNumber);
    if (open) throw openApplicationProblem(open);
    const reference = await nextReferenceInTx(tx, todayInVietnam().slice(0, 4));
    let newId: string;
    try {
      newId = await insertApplicationInTx(tx, {
        reference, personId: input.idNumber, kind: input.kind, reissueReason: input.reissueReason ?? null, channel: 'office',
        receivingUnitId: unitId, declaredChanges: declared, createdBy: actor, createdRequest: key,
      });
    } catch (e) {
      if (pgCode(e) === '23505' && pgConstraint(e) === 'card_application_one_open') throw new ProblemError('open-application-exists', 'the person already has an open application (taken at the same moment)');
      throw e;
    }
    await audit(tx, caller, 'card.application.create', input.idNumber, { applicationId: newId, reference, kind: input.kind, receivingUnitId: unitId });
    return { id: newId, created: true };
  });
  const row = (await applicationRow(services.sql, id))!;
  // A retry answered with the first attempt's application is a read of it.
  if (!created) await services.audit.record({ actor, action: 'card.application.read', subject: row.person_id, requestId: caller.requestId, details: { applicationId: id } });
  return applicationView(services.sql, units, row, await getPerson(services.sql, row.person_id));
}

// ---- reads ----

export async function getApplication(services: Services, caller: Caller, id: string): Promise<ApplicationView> {
  requireRole(caller.officer, PERSON_ROLES);
  const units = await unitIndex(services.sql);
  const row = await applicationRow(services.sql, id);
  if (!row) throw new ProblemError('not-found', `no card application ${id}`);
  requireOffice(caller.officer, units, row.receiving_unit_id);
  const view = await applicationView(services.sql, units, row, await getPerson(services.sql, row.person_id));
  await services.audit.record({ actor: actorOf(caller.officer), action: 'card.application.read', subject: row.person_id, requestId: caller.requestId, details: { applicationId: id } });
  return view;
}

/** Applications received by the offices of the officer's jurisdiction (a commune, a province), newest first. */
export async function listApplications(services: Services, caller: Caller, q: { status?: string; unit?: string; idNumber?: string; limit: number; offset: number }) {
  requireRole(caller.officer, PERSON_ROLES);
  const units = await unitIndex(services.sql);
  const page = { items: [] as { id: string; reference: string; idNumber: string; fullName: string | null; kind: ApplicationRow['kind']; status: ApplicationRow['status']; channel: 'office' | 'online'; receivingUnitId: string; createdAt: string }[], offset: q.offset, limit: q.limit };
  const asked = q.unit ? units.get(q.unit) : undefined;
  if (q.unit && !asked) throw new ProblemError('unknown-admin-unit', `/querystring/unit: no administrative unit ${q.unit}`, { errors: [{ pointer: '/querystring/unit', message: 'no such unit' }] });
  // Jurisdiction is part of the query: asking for an office outside it finds nothing.
  if (asked && !mayActAt(caller.officer, units, asked.id)) return page;
  const j = caller.officer.jurisdiction;
  const filter = asked
    ? (asked.level === 'province' ? { provinceId: asked.id } : { unitId: asked.id })
    : j?.level === 'commune' ? { unitId: j.id } : j?.level === 'province' ? { provinceId: j.id } : {};
  const rows = await listRows(services.sql, { status: q.status, personId: q.idNumber, ...filter, limit: q.limit, offset: q.offset });
  const shown = rows.filter((r) => mayActAt(caller.officer, units, r.receiving_unit_id));
  const people = await Promise.all(shown.map((r) => getPerson(services.sql, r.person_id)));
  page.items = shown.map((r, i) => ({
    id: r.id, reference: r.reference, idNumber: r.person_id, fullName: people[i]?.fullName ?? null, kind: r.kind, status: r.status, channel: r.channel,
    receivingUnitId: r.receiving_unit_id, createdAt: r.created_at.toISOString(),
  }));
  if (shown.length > 0) {
    const actor = actorOf(caller.officer);
    await services.audit.record(...shown.map((r) => ({ actor, action: 'card.application.list', subject: r.person_id, requestId: caller.requestId, details: { applicationId: r.id } })));
  }
  return page;
}

// ---- biometrics ----

/** Below 6 no biometrics are collected (Luật Căn cước 2023 Art. 23(2)). */
async function requireBiometricsAge(services: Services, row: ApplicationRow): Promise<void> {
  const p = await getPerson(services.sql, row.person_id);
  if (p && /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) && ageOn(p.birthDate, todayInVietnam()) < BIOMETRICS_FROM_AGE) {
    throw new ProblemError('biometrics-not-collected', `the applicant is under ${BIOMETRICS_FROM_AGE}: no photo or fingerprints are collected (Luật Căn cước 2023 Art. 23(2))`);
  }
}

/** PUT …/photo: the face photo, checked (biometrics.ts checkPhoto) before the transaction; a new photo sends the application back to the checks. */
export async function setPhoto(services: Services, caller: Caller, id: string, body: Buffer): Promise<ApplicationView> {
  requireRole(caller.officer, PERSON_ROLES);
  const units = await unitIndex(services.sql);
  const info = await checkPhoto(body);
  await writeTx(services, caller, async (tx) => {
    const row = await lockApplication(tx, caller, units, id);
    requireStatus(row, ['received', 'verified'], 'a photo');
    await requireBiometricsAge(services, row);
    await setPhotoInTx(tx, id, { jpeg: body, width: info.width, height: info.height, by: actorOf(caller.officer) });
    if (row.status === 'verified') await setStatusInTx(tx, id, 'received');
    await audit(tx, caller, 'card.application.photo', row.person_id, { applicationId: id, width: info.width, height: info.height, bytes: info.bytes, luminance: info.luminance });
  });
  return viewAfterWrite(services, units, id);
}

export interface FingerInput { position: number; image?: string; quality?: number; missingReason?: FingerRow['missing_reason'] }

/** PUT …/fingerprints: the ten positions, each an image with its quality or a legal missing reason. */
export async function setFingerprints(services: Services, caller: Caller, id: string, fingers: FingerInput[]): Promise<ApplicationView> {
  requireRole(caller.officer, PERSON_ROLES);
  const units = await unitIndex(services.sql);
  const seen = new Set<number>();
  const rows = fingers.map((f, i) => {
    const at = `/body/fingers/${i}`;
    if (seen.has(f.position)) throw invalid(`${at}/position`, `position ${f.position} is given twice; each of 1–10 once`);
    seen.add(f.position);
    if (f.missingReason !== undefined) {
      if (f.image !== undefined || f.quality !== undefined) throw invalid(at, 'a missing finger has a missingReason and neither image nor quality');
      return { position: f.position, image: null, format: null, width: null, height: null, quality: null, missing_reason: f.missingReason };
    }
    if (f.image === undefined || f.quality === undefined) throw invalid(at, 'needs image and quality, or a missingReason');
    const image = Buffer.from(f.image, 'base64');
    if (image.length > FINGER_MAX_BYTES) {
      throw new ProblemError('fingerprint-image-invalid', `${at}/image: ${image.length} bytes; at most ${FINGER_MAX_BYTES}`, { errors: [{ pointer: `${at}/image`, message: `larger than ${FINGER_MAX_BYTES} bytes` }] });
    }
    const d = detectFingerImage(image);
    if ('error' in d) throw new ProblemError('fingerprint-image-invalid', `${at}/image (position ${f.position}, ${FINGER_POSITIONS[f.position]}): ${d.error}`, { errors: [{ pointer: `${at}/image`, message: d.error }] });
    return { position: f.position, image, format: d.format, width: d.width, height: d.height, quality: f.quality, missing_reason: null };
  });
  await writeTx(services, caller, async (tx) => {
    const row = await lockApplication(tx, caller, units, id);
    requireStatus(row, ['received', 'verified'], 'fingerprints');
    await requireBiometricsAge(services, row);
    await setFingersInTx(tx, id, actorOf(caller.officer), rows.sort((a, b) => a.position - b.position));
    if (row.status === 'verified') await setStatusInTx(tx, id, 'received');
    await audit(tx, caller, 'card.application.fingerprints', row.person_id, {
      applicationId: id, captured: rows.filter((r) => r.image).map((r) => r.position), missing: rows.filter((r) => r.missing_reason).map((r) => r.position),
      lowQuality: rows.filter((r) => r.quality !== null && r.quality < FINGER_LOW_QUALITY).map((r) => r.position),
    });
  });
  return viewAfterWrite(services, units, id);
}

async function viewAfterWrite(services: Services, units: UnitIndex, id: string): Promise<ApplicationView> {
  const row = (await applicationRow(services.sql, id))!;
  return applicationView(services.sql, units, row, await getPerson(services.sql, row.person_id));
}

// ---- automatic checks ----

/**
 * POST …/checks: every check of application-checks.ts against the register as it is now; passing
 * moves received → verified, failing sends a verified application back to received. Each run is
 * kept with its failures.
 */
export async function checkApplication(services: Services, caller: Caller, id: string) {
  requireRole(caller.officer, PERSON_ROLES);
  const units = await unitIndex(services.sql);
  const today = todayInVietnam();
  return writeTx(services, caller, async (tx) => {
    const row = await lockApplication(tx, caller, units, id);
    requireStatus(row, ['received', 'verified'], 'the checks');
    const [person, fingers, otherOpen, cards] = await Promise.all([
      getPerson(services.sql, row.person_id), fingerRows(tx, id), otherOpenApplications(tx, row.person_id, id), activeCards(tx, row.person_id),
    ]);
    const previous = person?.previousCard;
    const registerCard = previous
      ? [{ issueDate: previous.issueDate ?? null, expiryDate: previous.expiryDate ?? null, source: 'register' as const, valid: !previous.expiryDate || previous.expiryDate >= today }] : [];
    const failures = runChecks({
      today, person, kind: row.kind, reissueReason: row.reissue_reason, declaredChanges: row.declared_changes,
      receivingUnitCurrent: units.get(row.receiving_unit_id)?.validTo === null,
      hasPhoto: row.photo_width !== null, fingerPositions: fingers.map((f) => f.position), otherOpen,
      cardsInHand: [...cards.map((c) => ({ issueDate: c.issue_date, expiryDate: c.expiry_date, source: 'card' as const, valid: true })), ...registerCard],
    });
    const check = await insertCheckInTx(tx, id, { by: actorOf(caller.officer), failures });
    const status: ApplicationRow['status'] = failures.length === 0 ? 'verified' : 'received';
    if (status !== row.status) await setStatusInTx(tx, id, status);
    await audit(tx, caller, 'card.application.checks', row.person_id, { applicationId: id, passed: check.passed, failures: failures.map((f) => f.code) });
    return { passed: check.passed, runAt: check.run_at.toISOString(), runBy: check.run_by, failures: check.failures, status };
  });
}

// ---- decisions ----

/**
 * POST …/approval and …/rejection. Approval needs a verified application; rejection a received or
 * verified one. The deciding officer: a province officer of the office's province, a central
 * officer or an administrator — never the one who took it or captured its biometrics.
 */
export async function decideApplication(services: Services, caller: Caller, id: string, decision: 'approve' | 'reject', note: string | null): Promise<ApplicationView> {
  requireRole(caller.officer, DECIDING_ROLES);
  const units = await unitIndex(services.sql);
  const actor = actorOf(caller.officer);
  await writeTx(services, caller, async (tx) => {
    const row = await lockApplication(tx, caller, units, id);
    if (row.created_by === actor || row.biometrics_by === actor) {
      throw new ProblemError('own-application', `you ${row.created_by === actor ? 'took' : 'captured the biometrics of'} application ${row.reference}: another officer decides it (four eyes)`);
    }
    if (decision === 'approve') requireStatus(row, ['verified'], 'approval');
    else requireStatus(row, ['received', 'verified'], 'rejection');
    try {
      await setStatusInTx(tx, id, decision === 'approve' ? 'approved' : 'rejected', { by: actor, note: note === null ? null : nfc(note) });
    } catch (e) {
      // 050's four-eyes check (decided_by <> created_by): unreachable past the test above, kept precise.
      if (pgCode(e) === '23514') throw new ProblemError('own-application', `you took application ${row.reference}: another officer decides it (four eyes)`);
      throw e;
    }
    await audit(tx, caller, `card.application.${decision === 'approve' ? 'approve' : 'reject'}`, row.person_id, { applicationId: id, reference: row.reference, ...(note ? { note } : {}) });
  });
  return viewAfterWrite(services, units, id);
}

/** POST …/cancellation: withdrawn before production; an online appointment's place is given back. */
export async function cancelApplication(services: Services, caller: Caller, id: string, reason: string): Promise<ApplicationView> {
  requireRole(caller.officer, PERSON_ROLES);
  const units = await unitIndex(services.sql);
  await writeTx(services, caller, async (tx) => {
    const row = await lockApplication(tx, caller, units, id);
    requireStatus(row, ['received', 'verified', 'approved'], 'cancelling');
    await cancelInTx(tx, id, nfc(reason));
    await releaseAppointmentInTx(tx, id);
    await audit(tx, caller, 'card.application.cancel', row.person_id, { applicationId: id, reference: row.reference, reason: nfc(reason) });
  });
  return viewAfterWrite(services, units, id);
}
