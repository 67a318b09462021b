// Card production (issue 16 item 3, DESIGN.md §6 "Identity card"): batches of approved
// applications per receiving office, personalisation, quality control, shipping and receipt.
//
// Who (docs/security.md, http/authorization-matrix.test.ts): the production centre's work —
// making, personalising, checking and shipping batches — is done by central officers and
// administrators (the card production centre is a central unit of the police; no province or
// commune makes cards). The receipt and the cards' faces and chips belong also to the receiving
// office: an officer whose jurisdiction holds the batch's receiving unit.
//
// Crash safety (issue 16 acceptance): each card is made in a transaction of its own that takes
// its number (allocateCardNumber, nextval), inserts the card and its chip and audits it; a process
// killed anywhere loses at most the card it was making (its number is a gap, never reused) and a
// re-run of the batch skips every application that has a live card.
import { createPrivateKey } from 'node:crypto';
import { createVirtualChip, readCard, TrustStore } from '@cancuoc/emrtd';
import { unitIndex } from '../admin-units/service.ts';
import { appendAuditInTx } from '../audit/log.ts';
import { inJurisdiction, requireRole, type PersonLocation } from '../auth/access.ts';
import type { Officer, Role } from '../auth/officers.ts';
import type { Sql } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
import { actorOf, getPerson, type Caller } from '../registry/service.ts';
import type { Services } from '../services.ts';
import { allocateCardNumber } from './card-number.ts';
import { buildCard, CARD_ISSUER, cardHolder, storedChip, type ProductionKeys } from './personalise.ts';
import {
  batchCards, capturedFingers, batchCounts, batchRow, cardsForQc, chipRow, createBatchInTx, destroyCardInTx, insertCardInTx, listBatches as listBatchRows,
  lockApplicationInTx, moveCardsInTx, recordQcInTx, setBatchStatusInTx, type BatchRow, type BatchStatus, type ChipRow,
} from './production-sql.ts';
import type { InspectionSystem } from '../pki/service.ts';

/** The card production centre: central officers and administrators. */
export const PRODUCTION_ROLES: readonly Role[] = ['admin', 'central'];
/** Officers who may receive a batch or read a card's face and chip (with the receiving unit in their jurisdiction). */
export const RECEIVING_ROLES: readonly Role[] = ['admin', 'central', 'province', 'commune'];
export const MAX_BATCH = 10_000;

export interface BatchView {
  id: string; reference: string; receivingUnitId: string; status: BatchStatus;
  createdBy: string; createdAt: string; shippedAt: string | null; receivedAt: string | null;
  applications: number; cards: Record<string, number>;
}

function batchView(b: BatchRow, counts: { applications: number; cards: Record<string, number> } | undefined): BatchView {
  return {
    id: b.id, reference: b.reference, receivingUnitId: b.receiving_unit_id, status: b.status,
    createdBy: b.created_by, createdAt: b.created_at.toISOString(), shippedAt: b.shipped_at?.toISOString() ?? null, receivedAt: b.received_at?.toISOString() ?? null,
    applications: counts?.applications ?? 0, cards: counts?.cards ?? {},
  };
}

async function viewOf(sql: Sql, b: BatchRow): Promise<BatchView> {
  return batchView(b, (await batchCounts(sql, [b.id])).get(b.id));
}

/** Where a receiving unit lies, as a jurisdiction sees it. */
async function unitLocation(services: Services, unitId: string): Promise<PersonLocation | undefined> {
  const u = (await unitIndex(services.sql)).get(unitId);
  if (!u) return undefined;
  return u.level === 'commune' ? { communeId: u.id, provinceId: u.provinceId } : { communeId: null, provinceId: u.id };
}

async function requireReceivingOffice(services: Services, officer: Officer, unitId: string): Promise<void> {
  requireRole(officer, RECEIVING_ROLES);
  const where = await unitLocation(services, unitId);
  if (!where || !inJurisdiction(officer, where)) {
    throw new ProblemError('outside-jurisdiction', `the receiving office ${unitId} is outside ${officer.jurisdiction?.name ?? 'your jurisdiction'}`);
  }
}

function wrongState(b: BatchRow, wanted: string): ProblemError {
  return new ProblemError('card-batch-state', `batch ${b.reference} is ${b.status}; this needs it ${wanted}`, { batchStatus: b.status });
}

// ---- batches ----

export async function createBatch(services: Services, caller: Caller, input: { receivingUnitId: string; limit?: number }): Promise<BatchView> {
  requireRole(caller.officer, PRODUCTION_ROLES);
  const units = await unitIndex(services.sql);
  const u = units.get(input.receivingUnitId);
  if (!u || u.generation !== 2) {
    throw new ProblemError('unknown-admin-unit', `/body/receivingUnitId: ${input.receivingUnitId} is not a current province or commune`, { errors: [{ pointer: '/body/receivingUnitId', message: 'not a current unit' }] });
  }
  const limit = input.limit ?? 500;
  const batch = await services.sql.begin(async (tx) => {
    const { batch, taken } = await createBatchInTx(tx, { receivingUnitId: input.receivingUnitId, limit, createdBy: actorOf(caller.officer) });
    // Nothing to produce: refused, and the empty batch rolls back with the refusal.
    if (taken === 0) throw new ProblemError('no-approved-applications', `no approved application of ${u.name} (${u.id}) is waiting for production`);
    await appendAuditInTx(tx, [{ actor: actorOf(caller.officer), action: 'card.batch.create', requestId: caller.requestId, details: { batchId: batch.id, reference: batch.reference, receivingUnitId: batch.receiving_unit_id, applications: taken } }]);
    return batch;
  });
  return viewOf(services.sql, batch);
}

export async function listBatches(services: Services, caller: Caller, q: { receivingUnitId?: string; status?: BatchStatus; limit: number; offset: number }) {
  requireRole(caller.officer, PRODUCTION_ROLES);
  const rows = await listBatchRows(services.sql, q);
  const counts = await batchCounts(services.sql, rows.map((r) => r.id));
  return { items: rows.map((r) => batchView(r, counts.get(r.id))), limit: q.limit, offset: q.offset };
}

async function requireBatch(services: Services, id: string): Promise<BatchRow> {
  const b = await batchRow(services.sql, id);
  if (!b) throw new ProblemError('not-found', `no production batch ${id}`);
  return b;
}

export async function getBatch(services: Services, caller: Caller, id: string) {
  requireRole(caller.officer, PRODUCTION_ROLES);
  const b = await requireBatch(services, id);
  const items = await batchCards(services.sql, id);
  return {
    ...(await viewOf(services.sql, b)),
    items: items.map((i) => ({ applicationId: i.application_id, position: i.position, applicationStatus: i.application_status, cardNumber: i.card_number, cardStatus: i.card_status })),
  };
}

// ---- personalisation ----

/** The current Document Signer and card QR key (rotated first when due: pki/service.ts). */
export async function productionKeys(services: Services): Promise<ProductionKeys> {
  const [ds, qr, cvca] = [await services.pki.currentKey('document-signer'), await services.pki.currentKey('card-qr'), await services.pki.currentKey('cvca')];
  if (!ds.certificate) throw new ProblemError('key-store-unavailable', 'the Document Signer has no certificate');
  if (!cvca.certificate) throw new ProblemError('key-store-unavailable', 'the CVCA has no certificate');
  return {
    store: services.pki.keyStore(), documentSigner: { label: ds.label, certificate: ds.certificate }, qr: { label: qr.label, issuer: CARD_ISSUER },
    cvca: { certificate: new Uint8Array(cvca.certificate) },
  };
}

export interface PersonaliseHooks {
  /** Test support (production-kill.test.ts): runs inside a card's transaction, before its commit. */
  beforeCommit?: (cardNumber: string, index: number) => Promise<void>;
}

export interface PersonaliseReport {
  batch: BatchView;
  personalised: Array<{ applicationId: string; cardNumber: string; replaced: string | null }>;
  skipped: number;
  failed: Array<{ applicationId: string; reason: string }>;
}

/** Today in Vietnam (UTC+7, no daylight saving): the card's issue date. */
const vietnamDate = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/**
 * Runs or resumes a batch: every application of it without a live card, or whose card failed
 * quality control, gets a new card, each in its own transaction. Safe to re-run at any time, also
 * concurrently (the application's row lock decides who makes its card).
 */
export async function personaliseBatch(services: Services, caller: Caller, batchId: string, options: { hooks?: PersonaliseHooks; concurrency?: number; now?: () => Date } = {}): Promise<PersonaliseReport> {
  requireRole(caller.officer, PRODUCTION_ROLES);
  const actor = actorOf(caller.officer);
  const batch = await services.sql.begin(async (tx) => {
    const b = await batchRow(tx, batchId, true);
    if (!b) throw new ProblemError('not-found', `no production batch ${batchId}`);
    if (b.status !== 'open' && b.status !== 'personalising') throw wrongState(b, 'open or personalising');
    await appendAuditInTx(tx, [{ actor, action: 'card.batch.personalise', requestId: caller.requestId, details: { batchId, reference: b.reference } }]);
    return b.status === 'open' ? setBatchStatusInTx(tx, batchId, 'personalising') : b;
  });
  const keys = await productionKeys(services);
  const now = options.now ?? (() => new Date());
  const items = await batchCards(services.sql, batchId);
  const todo = items.filter((i) => i.application_status === 'in_production' && (i.card_status === null || i.card_status === 'qc_failed'));
  const report: PersonaliseReport = { batch: batchView(batch, undefined), personalised: [], skipped: items.length - todo.length, failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const index = next++;
      const item = todo[index]!;
      try {
        const made = await produceCard(services, caller, keys, batch, item.application_id, index, now(), options.hooks);
        if (made) report.personalised.push({ applicationId: item.application_id, ...made });
        else report.skipped++;
      } catch (err) {
        if (err instanceof ProblemError && err.kind === 'key-store-unavailable') throw err;
        report.failed.push({ applicationId: item.application_id, reason: (err as Error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, 8)) }, worker));
  report.batch = await viewOf(services.sql, (await batchRow(services.sql, batchId))!);
  return report;
}

/**
 * One card. The content is built before the transaction (CPU and token work, no connection held);
 * the transaction then locks the application, checks it still needs a card, destroys a card that
 * failed quality control, takes the number and stores card, chip and audit together.
 */
async function produceCard(services: Services, caller: Caller, keys: ProductionKeys, batch: BatchRow, applicationId: string, index: number, now: Date, hooks: PersonaliseHooks | undefined): Promise<{ cardNumber: string; replaced: string | null } | null> {
  const [app] = await services.sql<{ person_id: string; declared_changes: Record<string, unknown>; photo_jpeg: Buffer | null }[]>`
    select person_id, declared_changes, photo_jpeg from card_application where id = ${applicationId}`;
  if (!app) return null;
  if (!app.photo_jpeg) throw new Error('the application has no face photo');
  const person = await getPerson(services.sql, app.person_id);
  if (!person) throw new Error(`person ${app.person_id} is not in the register`);
  if (person.deathDate) throw new Error(`person ${app.person_id} is recorded as dead (${person.deathDate})`);
  const fingers = (await capturedFingers(services.sql, applicationId)).map((f) => ({
    position: f.position, image: new Uint8Array(f.image), quality: f.quality, ...(f.width && f.height ? { width: f.width, height: f.height } : {}),
  }));
  const content = await buildCard(keys, cardHolder(person, app.declared_changes), app.photo_jpeg, vietnamDate(now), now, fingers);
  const chip = storedChip(content.chip);
  return services.sql.begin(async (tx) => {
    const locked = await lockApplicationInTx(tx, applicationId);
    if (!locked || locked.app.status !== 'in_production') return null;
    if (locked.live && locked.live.status !== 'qc_failed') return null;
    const replaced = locked.live?.card_number ?? null;
    if (replaced) await destroyCardInTx(tx, replaced, 'failed quality control; replaced in production');
    const cardNumber = await allocateCardNumber(tx);
    await insertCardInTx(tx, {
      cardNumber, applicationId, personId: app.person_id, batchId: batch.id, issueDate: content.issueDate, expiryDate: content.expiryDate,
      mrz: content.chip.mrz, can: content.chip.can ?? null, ...chip, dsLabel: keys.documentSigner.label, qr: content.qr,
      faceFront: content.face.png.front, faceBack: content.face.png.back, facePdf: Buffer.from(content.face.pdf),
    });
    await appendAuditInTx(tx, [{
      actor: actorOf(caller.officer), action: 'card.personalise', subject: app.person_id, requestId: caller.requestId,
      details: { cardNumber, applicationId, batchId: batch.id, documentSigner: keys.documentSigner.label, ...(replaced ? { replaces: replaced } : {}) },
    }]);
    await hooks?.beforeCommit?.(cardNumber, index);
    return { cardNumber, replaced };
  });
}

// ---- quality control ----

export type ChipImageRow = Pick<ChipRow, 'files' | 'ca_key_pem' | 'aa_key_pem' | 'can'> & Partial<Pick<ChipRow, 'eac_trust_points' | 'eac_date'>>;

/** The chip as the virtual chip takes it back: files, chip keys, CAN, EAC trust points. */
export function cardImage(row: ChipImageRow) {
  const files: Record<string, Uint8Array> = {};
  for (const [name, b64] of Object.entries(row.files)) files[name] = new Uint8Array(Buffer.from(b64, 'base64'));
  return {
    files,
    chipKeys: { ...(row.ca_key_pem ? { ca: createPrivateKey(row.ca_key_pem) } : {}), ...(row.aa_key_pem ? { aa: createPrivateKey(row.aa_key_pem) } : {}) },
    ...(row.can ? { can: row.can } : {}),
    ...(row.eac_trust_points && row.eac_date ? { eac: { trustPoints: row.eac_trust_points.map((t) => new Uint8Array(Buffer.from(t, 'base64'))), date: row.eac_date } } : {}),
  };
}

/** Our CSCA certificates (every one whose Document Signers' cards must still verify). */
export async function cscaTrustStore(services: Services): Promise<TrustStore> {
  const store = new TrustStore();
  for (const k of await services.pki.publishedKeys()) if (k.role === 'csca' && k.certificate) store.addCertificates(new Uint8Array(Buffer.from(k.certificate, 'base64')));
  return store;
}

export interface QcVerdict {
  passed: boolean;
  accessProtocol: string;
  passiveAuthentication: boolean;
  chipAuthentication: string;
  activeAuthentication: string;
  /** Terminal Authentication with the production centre's inspection system (a chip with DG3). */
  terminalAuthentication: string;
  /** Files read back that differ from what was written, or were not read. */
  differences: string[];
  errors: Array<{ code: string; message: string }>;
}

/**
 * Reads a personalised chip back through the virtual chip over BAC with the MRZ (9303-11 §4.3)
 * and verifies it: passive authentication against our CSCA (9303-11 §5.1), Chip and Active
 * Authentication not failed, the fingerprints (DG3) opened by Terminal Authentication with the
 * production centre's inspection system (9303-11 §7), and every file read back identical to what
 * was written.
 */
export async function checkChip(row: ChipImageRow & Pick<ChipRow, 'mrz'>, trust: TrustStore, inspection?: InspectionSystem): Promise<QcVerdict> {
  try {
    const image = cardImage(row);
    const terminal = image.eac && inspection ? inspection.credentialsFor(image.eac.trustPoints) : undefined;
    const r = await readCard(createVirtualChip(image), { mrz: row.mrz.join('\n'), accessProtocol: 'BAC', trust, ...(terminal ? { terminal } : {}) });
    const differences = Object.entries(image.files).filter(([name, b]) => !r.files[name] || Buffer.compare(Buffer.from(r.files[name]!), Buffer.from(b)) !== 0).map(([name]) => name);
    return {
      passed: r.valid && r.passive.valid && r.accessProtocol === 'BAC' && differences.length === 0,
      accessProtocol: r.accessProtocol, passiveAuthentication: r.passive.valid,
      chipAuthentication: r.chipAuthentication.status, activeAuthentication: r.activeAuthentication.status,
      terminalAuthentication: r.terminalAuthentication.status,
      differences, errors: r.passive.errors,
    };
  } catch (err) {
    return { passed: false, accessProtocol: 'none', passiveAuthentication: false, chipAuthentication: 'failed', activeAuthentication: 'failed', terminalAuthentication: 'failed', differences: [], errors: [{ code: (err as { code?: string }).code ?? 'ERR_READ', message: (err as Error).message }] };
  }
}

export interface QcReport {
  batch: BatchView;
  checked: Array<{ cardNumber: string; passed: boolean; verdict: QcVerdict }>;
}

export async function qualityControl(services: Services, caller: Caller, batchId: string, options: { tamper?: (row: ChipRow) => ChipRow } = {}): Promise<QcReport> {
  requireRole(caller.officer, PRODUCTION_ROLES);
  const b = await requireBatch(services, batchId);
  if (b.status !== 'personalising') throw wrongState(b, 'personalising (personalised cards waiting for quality control)');
  const trust = await cscaTrustStore(services);
  const inspection = await services.pki.inspectionSystem();
  const actor = actorOf(caller.officer);
  const checked: QcReport['checked'] = [];
  for (const stored of await cardsForQc(services.sql, batchId)) {
    const row = options.tamper ? options.tamper(stored) : stored;
    const verdict = await checkChip(row, trust, inspection);
    await services.sql.begin(async (tx) => {
      if (!(await recordQcInTx(tx, row.card_number, verdict.passed, verdict))) return;
      await appendAuditInTx(tx, [{ actor, action: verdict.passed ? 'card.qc.pass' : 'card.qc.fail', subject: row.person_id, requestId: caller.requestId, details: { cardNumber: row.card_number, batchId } }]);
      checked.push({ cardNumber: row.card_number, passed: verdict.passed, verdict });
    });
  }
  // The batch is quality-checked once every application has a card that passed.
  const batch = await services.sql.begin(async (tx) => {
    const locked = (await batchRow(tx, batchId, true))!;
    const items = await batchCards(tx, batchId);
    const done = locked.status === 'personalising' && items.length > 0 && items.every((i) => i.card_status === 'quality_checked');
    if (!done) return locked;
    await appendAuditInTx(tx, [{ actor, action: 'card.batch.quality-checked', requestId: caller.requestId, details: { batchId, reference: locked.reference, cards: items.length } }]);
    return setBatchStatusInTx(tx, batchId, 'quality_checked');
  });
  return { batch: await viewOf(services.sql, batch), checked };
}

// ---- shipping ----

export async function shipBatch(services: Services, caller: Caller, batchId: string): Promise<BatchView> {
  requireRole(caller.officer, PRODUCTION_ROLES);
  const b = await services.sql.begin(async (tx) => {
    const b = await batchRow(tx, batchId, true);
    if (!b) throw new ProblemError('not-found', `no production batch ${batchId}`);
    if (b.status !== 'quality_checked') throw wrongState(b, 'quality_checked');
    const cards = await moveCardsInTx(tx, batchId, 'quality_checked', 'shipped');
    await appendAuditInTx(tx, [{ actor: actorOf(caller.officer), action: 'card.batch.ship', requestId: caller.requestId, details: { batchId, reference: b.reference, cards } }]);
    return setBatchStatusInTx(tx, batchId, 'shipped');
  });
  return viewOf(services.sql, b);
}

export async function receiveBatch(services: Services, caller: Caller, batchId: string): Promise<BatchView> {
  requireRole(caller.officer, RECEIVING_ROLES);
  const b = await services.sql.begin(async (tx) => {
    const b = await batchRow(tx, batchId, true);
    if (!b) throw new ProblemError('not-found', `no production batch ${batchId}`);
    await requireReceivingOffice(services, caller.officer, b.receiving_unit_id);
    if (b.status !== 'shipped') throw wrongState(b, 'shipped');
    const cards = await moveCardsInTx(tx, batchId, 'shipped', 'ready');
    await appendAuditInTx(tx, [{ actor: actorOf(caller.officer), action: 'card.batch.receive', requestId: caller.requestId, details: { batchId, reference: b.reference, cards } }]);
    return setBatchStatusInTx(tx, batchId, 'received');
  });
  return viewOf(services.sql, b);
}

// ---- a card's face, for the officers who hand it over; its chip, for the production centre ----

export type CardPart = 'face.png' | 'face.pdf' | 'chip';

/**
 * The card's stored face or chip; audited as a read of the holder's data. The chip image carries
 * the chip's private keys (Chip and Active Authentication, 9303-11 §6.2 and §6.1): whoever holds
 * them can clone the card, so only the production centre reads it. A receiving office hands over
 * a physical card and needs its face, never its keys.
 */
export async function readCardPart(services: Services, caller: Caller, cardNumber: string, part: CardPart): Promise<ChipRow> {
  requireRole(caller.officer, part === 'chip' ? PRODUCTION_ROLES : RECEIVING_ROLES);
  const row = await chipRow(services.sql, cardNumber);
  if (!row) throw new ProblemError('not-found', `no card ${cardNumber}`);
  if (!PRODUCTION_ROLES.includes(caller.officer.role)) await requireReceivingOffice(services, caller.officer, row.receiving_unit_id);
  await services.audit.record({ actor: actorOf(caller.officer), action: `card.${part === 'chip' ? 'chip' : 'face'}.read`, subject: row.person_id, requestId: caller.requestId, details: { cardNumber, part } });
  caller.trail.outcomeRecorded = true;
  return row;
}
