// Issue 16's end-to-end acceptance, every stage through the HTTP API against the real database and
// SoftHSM: application → checks → approval → batch → personalise → quality control → ship →
// receipt → hand-over; the handed-over card read and verified with `cancuoc chip read` against our
// published master list; its QR verified offline with nothing but the published keys; a reissue
// (damaged card) handed over retires the first card; a lost-card report flips the public status
// endpoint and the signed revocation list.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { writeCardDirectory } from '@cancuoc/emrtd';
import { BA_DINH, client } from '../registry/test-helpers.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { isCardNumber } from './card-number.ts';
import { verifyCardQr } from './qr.ts';
import { verifyRevocationList } from './revocation-list.ts';
import { createApprovedApplication } from './test-helpers.ts';

type Scan = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsqr = createRequire(import.meta.url)('jsqr') as { default?: Scan } & Scan;
const jsQR: Scan = jsqr.default ?? jsqr;
const BIN = path.resolve(import.meta.dirname, '../../bin/cancuoc.js');

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
let commune: string;
let tmp: string;
before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
  commune = (await t.officer('commune', BA_DINH)).authorization;
  await t.services.pki.ensureKeys();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-journey-'));
});
after(async () => {
  await t.close();
  rmSync(tmp, { recursive: true, force: true });
});

function ok(r: { status: number; body: any }, status = 200): any {
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

/** Batch, personalise, check, ship and receive the office's approved applications; the new card numbers. */
async function produce(): Promise<string[]> {
  const batch = ok(await c.post('/card-batches', central, { receivingUnitId: BA_DINH, limit: 10 }), 201);
  const run = ok(await c.post(`/card-batches/${batch.id}/personalisation`, central, {}));
  assert.deepEqual(run.failed, []);
  const qc = ok(await c.post(`/card-batches/${batch.id}/quality-control`, central, {}));
  assert.ok(qc.checked.every((k: { passed: boolean }) => k.passed), JSON.stringify(qc.checked));
  ok(await c.post(`/card-batches/${batch.id}/shipment`, central, {}));
  ok(await c.post(`/card-batches/${batch.id}/receipt`, commune, {}));
  return run.personalised.map((p: { cardNumber: string }) => p.cardNumber);
}

function cancuoc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmp }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function publicGet(url: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}` });
  return { status: res.statusCode, body: res.body, raw: res.rawPayload };
}

test('a citizen\'s card from application to hand-over, read and verified as a relying party would, then reissued and reported lost', { timeout: 300_000 }, async () => {
  // Application at the commune office, checks, approval by a central officer (never the taker).
  const application = await createApprovedApplication(t, { unitId: BA_DINH, taker: commune, approver: central, fullName: 'Nguyễn Thị Hành Trình', sex: 'female', birthDate: '1991-03-08' });
  assert.equal(application.status, 'approved');
  const holder = application.idNumber as string;

  const [card] = await produce();
  assert.ok(card && isCardNumber(card));
  const handed = ok(await c.post(`/cards/${card}/hand-over`, commune, {}));
  assert.equal(handed.status, 'active');
  assert.equal(ok(await c.get(`/card-applications/${application.id}`, commune)).status, 'handed_over');

  // The card's chip, read by the project's reader over BAC and verified against the master list
  // that GET /pki/masterlist publishes.
  const chip = ok(await c.get(`/cards/${card}/chip`, central));
  const dir = path.join(tmp, card);
  writeCardDirectory(dir, {
    files: Object.fromEntries(Object.entries(chip.files as Record<string, string>).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    chipKeys: { ...(chip.chipKeys.ca ? { ca: createPrivateKey(chip.chipKeys.ca) } : {}), ...(chip.chipKeys.aa ? { aa: createPrivateKey(chip.chipKeys.aa) } : {}) },
    ...(chip.can ? { can: chip.can } : {}),
    eac: { trustPoints: chip.eac.trustPoints.map((b: string) => new Uint8Array(Buffer.from(b, 'base64'))), date: new Date(chip.eac.date) },
  });
  writeFileSync(path.join(tmp, 'masterlist.ml'), (await publicGet('/pki/masterlist')).raw);
  const read = await cancuoc(['chip', 'read', '--card', dir, '--mrz', chip.mrz.join('\n'), '--bac', '--masterlist', path.join(tmp, 'masterlist.ml')]);
  assert.equal(read.code, 0, read.stdout + read.stderr);
  assert.equal(JSON.parse(read.stdout).valid, true, read.stdout);
  assert.deepEqual(JSON.parse(read.stdout).denied, ['DG3'], 'the fingerprints are on the chip, for inspection systems only (EAC)');

  // The QR on the front, scanned from the PNG and verified offline with the published keys only.
  const png = await t.app.inject({ method: 'GET', url: `/api/v1/cards/${card}/face.png`, headers: { authorization: commune } });
  assert.equal(png.statusCode, 200);
  const img = await loadImage(png.rawPayload);
  const canvas = createCanvas(img.width, img.height);
  canvas.getContext('2d').drawImage(img, 0, 0);
  const scanned = jsQR(canvas.getContext('2d').getImageData(0, 0, img.width, img.height).data, img.width, img.height);
  assert.ok(scanned, 'a QR code is on the front');
  const keys = JSON.parse((await publicGet('/pki/keys')).body);
  const qr = await verifyCardQr(scanned.data, keys);
  assert.equal(qr.valid, true, qr.failure?.reason);
  assert.equal(qr.claims!.idNumber, holder);

  // The public status before anything happens to the card.
  const valid = JSON.parse((await publicGet(`/cards/${card}/status`)).body);
  assert.equal(valid.valid, true);

  // A damaged card is reissued: the new card handed over retires the first (replaced).
  const reissue = await createApprovedApplication(t, { idNumber: holder, unitId: BA_DINH, taker: commune, approver: central, kind: 'reissue', reissueReason: 'damaged' });
  assert.equal(reissue.status, 'approved');
  const [second] = await produce();
  assert.ok(second && second !== card);
  ok(await c.post(`/cards/${second}/hand-over`, commune, {}));
  assert.equal(ok(await c.get(`/cards/${card}`, central)).status, 'replaced');
  assert.equal(JSON.parse((await publicGet(`/cards/${card}/status`)).body).valid, false, 'the replaced card is no longer valid');
  const cards = ok(await c.get(`/persons/${holder}/cards`, commune));
  assert.deepEqual((cards.items as { cardNumber: string; status: string }[]).map((k) => [k.cardNumber, k.status]).sort(), [[card, 'replaced'], [second, 'active']].sort());

  // The new card is lost: the status endpoint and the signed revocation list say so at once.
  const listBefore = await verifyRevocationList((await publicGet('/cards/revocation-list')).body, keys);
  assert.ok(!listBefore.entries.some((e) => e.cardNumber === second));
  ok(await c.post(`/cards/${second}/loss`, commune, { kind: 'lost' }));
  const status = JSON.parse((await publicGet(`/cards/${second}/status`)).body);
  assert.equal(status.valid, false);
  const listAfter = await verifyRevocationList((await publicGet('/cards/revocation-list')).body, keys);
  assert.ok(listAfter.sequence > listBefore.sequence, 'a newer list');
  assert.equal(listAfter.entries.find((e) => e.cardNumber === second)?.reason, 'lost-or-stolen', 'listed by class only');
});
