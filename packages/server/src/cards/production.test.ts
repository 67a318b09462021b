// Card production end to end over HTTP against the real database and SoftHSM (issue 16 item 3):
// batch → personalise → quality control → ship → receipt; the produced card's chip read back with
// `cancuoc chip read` (passive authentication against our master list), its QR decoded from the
// face PNG and verified offline; a chip that fails quality control goes back to production and is
// replaced by a new card; refusals by role, jurisdiction, state and unknown batch.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { createPrivateKey } from 'node:crypto';
import { readCard, createVirtualChip, decodeDg3, writeCardDirectory, parseMrz } from '@cancuoc/emrtd';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { BA_DINH, client, THU_DAU_MOT } from '../registry/test-helpers.ts';
import { isCardNumber } from './card-number.ts';
import { verifyCardQr } from './qr.ts';
import { approvedApplications } from './production-test-helpers.ts';
import { cscaTrustStore } from './production-service.ts';

type Scan = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsqr = createRequire(import.meta.url)('jsqr') as { default?: Scan } & Scan;
const jsQR: Scan = jsqr.default ?? jsqr;
const BIN = path.resolve(import.meta.dirname, '../../bin/cancuoc.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-production-'));

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
let commune: string;
let otherProvince: string;
let auditor: string;
before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
  commune = (await t.officer('commune', BA_DINH)).authorization;
  otherProvince = (await t.officer('province', '2:79')).authorization;
  auditor = (await t.officer('auditor')).authorization;
  await t.services.pki.ensureKeys();
});
after(async () => { await t.close(); });

function cancuoc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: tmp }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function qrOf(png: Buffer): Promise<string> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const found = jsQR(ctx.getImageData(0, 0, img.width, img.height).data, img.width, img.height);
  assert.ok(found, 'a QR code is on the front of the card');
  return found.data;
}

const problem = (r: { status: number; body: any }, status: number, type: string) => {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body.type, `/api/v1/problems/${type}`, JSON.stringify(r.body));
};

test('a batch goes through personalisation, quality control, shipping and receipt; its cards read, verify and carry a verifiable QR', async () => {
  const apps = await approvedApplications(t, central, 3, BA_DINH);

  problem(await c.post('/card-batches', commune, { receivingUnitId: BA_DINH }), 403, 'forbidden');
  const created = await c.post('/card-batches', central, { receivingUnitId: BA_DINH, limit: 10 });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const batch = created.body;
  assert.equal(batch.status, 'open');
  assert.equal(batch.applications, 3);
  assert.match(batch.reference, /^LSX-\d{4}-\d{6}$/);
  const [{ n: inProduction }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from card_application where id = any(${apps.map((a) => a.applicationId)}::uuid[]) and status = 'in_production'`;
  assert.equal(inProduction, 3, 'the batch took the applications into production');
  problem(await c.post('/card-batches', central, { receivingUnitId: BA_DINH }), 409, 'no-approved-applications');

  // Wrong state: nothing to check, ship or receive before personalisation.
  problem(await c.post(`/card-batches/${batch.id}/quality-control`, central, {}), 409, 'card-batch-state');
  problem(await c.post(`/card-batches/${batch.id}/shipment`, central, {}), 409, 'card-batch-state');
  problem(await c.post(`/card-batches/${batch.id}/receipt`, commune, {}), 409, 'card-batch-state');

  const run = await c.post(`/card-batches/${batch.id}/personalisation`, central, {});
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.deepEqual(run.body.failed, []);
  assert.equal(run.body.personalised.length, 3);
  const numbers = run.body.personalised.map((p: { cardNumber: string }) => p.cardNumber) as string[];
  assert.ok(numbers.every(isCardNumber), 'card numbers carry their check digit');
  assert.equal(new Set(numbers).size, 3);
  assert.deepEqual(run.body.batch.cards, { personalised: 3 });
  // A re-run makes nothing twice.
  const again = await c.post(`/card-batches/${batch.id}/personalisation`, central, {});
  assert.equal(again.status, 200);
  assert.deepEqual([again.body.personalised.length, again.body.skipped], [0, 3]);

  const qc = await c.post(`/card-batches/${batch.id}/quality-control`, central, {});
  assert.equal(qc.status, 200, JSON.stringify(qc.body));
  assert.equal(qc.body.checked.length, 3);
  for (const k of qc.body.checked) {
    assert.equal(k.passed, true, JSON.stringify(k.verdict));
    assert.equal(k.verdict.accessProtocol, 'BAC');
    assert.equal(k.verdict.passiveAuthentication, true);
    assert.equal(k.verdict.chipAuthentication, 'success');
    assert.notEqual(k.verdict.activeAuthentication, 'failed', 'a reader that did Chip Authentication need not do Active Authentication');
    assert.equal(k.verdict.terminalAuthentication, 'success', 'quality control opens the fingerprints (DG3) with the production centre\'s inspection system');
  }
  assert.equal(qc.body.batch.status, 'quality_checked');

  // The chip as the project's reader sees it: `cancuoc chip read` against our published master list.
  const card = numbers[0]!;
  // The chip image holds the chip's private keys: the receiving office (even its own) never reads it.
  problem(await c.get(`/cards/${card}/chip`, commune), 403, 'forbidden');
  problem(await c.get(`/cards/${card}/chip`, otherProvince), 403, 'forbidden');
  problem(await c.get(`/cards/${card}/chip`, auditor), 403, 'forbidden');
  problem(await c.get('/cards/0000000000/chip', central), 404, 'not-found');
  const chip = await c.get(`/cards/${card}/chip`, central);
  assert.equal(chip.status, 200, JSON.stringify(chip.body));
  const dir = path.join(tmp, card);
  writeCardDirectory(dir, {
    files: Object.fromEntries(Object.entries(chip.body.files as Record<string, string>).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    chipKeys: { ...(chip.body.chipKeys.ca ? { ca: createPrivateKey(chip.body.chipKeys.ca) } : {}), ...(chip.body.chipKeys.aa ? { aa: createPrivateKey(chip.body.chipKeys.aa) } : {}) },
    ...(chip.body.can ? { can: chip.body.can } : {}),
    eac: { trustPoints: chip.body.eac.trustPoints.map((b: string) => new Uint8Array(Buffer.from(b, 'base64'))), date: new Date(chip.body.eac.date) },
  });
  // The fingers captured with the application are on the chip (DG3, 9303-10 §4.7.3), under EAC.
  const dg3 = decodeDg3(new Uint8Array(Buffer.from(chip.body.files.DG3, 'base64')));
  assert.deepEqual(dg3.fingers.map((f) => f.position), [1, 2, 3, 4, 5, 6, 7, 8, 9], 'nine fingers; the tenth is missing (amputated) in the application');
  assert.ok(Buffer.from(chip.body.files['EF.CVCA'], 'base64').toString('latin1').includes('VNCVCA00001'), 'EF.CVCA names our CVCA');
  const ml = await t.app.inject({ method: 'GET', url: '/api/v1/pki/masterlist' });
  writeFileSync(path.join(tmp, 'masterlist.ml'), ml.rawPayload);
  const read = await cancuoc(['chip', 'read', '--card', dir, '--mrz', chip.body.mrz.join('\n'), '--bac', '--masterlist', path.join(tmp, 'masterlist.ml')]);
  assert.equal(read.code, 0, read.stdout + read.stderr);
  const out = JSON.parse(read.stdout);
  assert.equal(out.valid, true, read.stdout);
  assert.deepEqual(out.denied, ['DG3'], 'a reader without Terminal Authentication never gets the fingerprints');
  // An inspection system certified under our CVCA (the chain GET /pki/keys publishes) reads them.
  const inspection = await t.services.pki.inspectionSystem();
  const credentials = inspection.credentialsFor(chip.body.eac.trustPoints.map((b: string) => new Uint8Array(Buffer.from(b, 'base64'))))!;
  credentials.certificates.forEach((cert, i) => writeFileSync(path.join(tmp, `terminal-${i}.cvcert`), cert));
  writeFileSync(path.join(tmp, 'terminal.key.pem'), credentials.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const eacRead = await cancuoc(['chip', 'read', '--card', dir, '--mrz', chip.body.mrz.join('\n'), '--bac', '--masterlist', path.join(tmp, 'masterlist.ml'),
    ...credentials.certificates.flatMap((_, i) => ['--terminal-cert', path.join(tmp, `terminal-${i}.cvcert`)]), '--terminal-key', path.join(tmp, 'terminal.key.pem')]);
  assert.equal(eacRead.code, 0, eacRead.stdout + eacRead.stderr);
  const eacOut = JSON.parse(eacRead.stdout);
  assert.deepEqual(eacOut.denied, []);
  assert.equal(eacOut.terminalAuthentication.status, 'success', eacRead.stdout);
  const holder = apps.find((a) => a.applicationId === run.body.personalised[0].applicationId)!.personId;
  assert.equal(parseMrz(chip.body.mrz).documentNumber, holder.slice(3), 'the MRZ document number is the last 9 digits of the ID number (VIETNAM-CARD.md)');
  // And over PACE with the CAN printed on the back.
  const pace = await readCard(createVirtualChip({ files: Object.fromEntries(Object.entries(chip.body.files as Record<string, string>).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])), chipKeys: {}, can: chip.body.can }), { can: chip.body.can, trust: await cscaTrustStore(t.services) });
  assert.equal(pace.accessProtocol, 'PACE');
  assert.equal(pace.passive.valid, true);

  // The face: PNG front with the QR, verified offline against the published keys; the PDF.
  const png = await t.app.inject({ method: 'GET', url: `/api/v1/cards/${card}/face.png`, headers: { authorization: commune } });
  assert.equal(png.statusCode, 200);
  assert.equal(png.headers['content-type'], 'image/png');
  const qrText = await qrOf(png.rawPayload);
  const keys = (await c.get('/pki/keys', '')).body;
  const v = await verifyCardQr(qrText, keys);
  assert.equal(v.valid, true, v.failure?.reason);
  assert.equal(v.claims!.idNumber, holder);
  const back = await t.app.inject({ method: 'GET', url: `/api/v1/cards/${card}/face.png?side=back`, headers: { authorization: central } });
  assert.equal(back.statusCode, 200);
  assert.notDeepEqual(back.rawPayload, png.rawPayload);
  const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/cards/${card}/face.pdf`, headers: { authorization: central } });
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const reads = await t.db.sql<{ action: string }[]>`select action from audit_log where subject = ${holder} and action like 'card.%.read' order by seq`;
  assert.deepEqual(reads.map((r) => r.action), ['card.chip.read', 'card.face.read', 'card.face.read', 'card.face.read'], 'every read of a card is audited');

  // Shipping and receipt.
  problem(await c.post(`/card-batches/${batch.id}/shipment`, commune, {}), 403, 'forbidden');
  problem(await c.post(`/card-batches/${batch.id}/receipt`, commune, {}), 409, 'card-batch-state');
  const shipped = await c.post(`/card-batches/${batch.id}/shipment`, central, {});
  assert.equal(shipped.status, 200, JSON.stringify(shipped.body));
  assert.deepEqual([shipped.body.status, shipped.body.cards], ['shipped', { shipped: 3 }]);
  problem(await c.post(`/card-batches/${batch.id}/shipment`, central, {}), 409, 'card-batch-state');
  problem(await c.post(`/card-batches/${batch.id}/receipt`, otherProvince, {}), 403, 'outside-jurisdiction');
  const received = await c.post(`/card-batches/${batch.id}/receipt`, commune, {});
  assert.equal(received.status, 200, JSON.stringify(received.body));
  assert.deepEqual([received.body.status, received.body.cards], ['received', { ready: 3 }]);
  const [{ n: produced }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from card_application where id = any(${apps.map((a) => a.applicationId)}::uuid[]) and status = 'produced'`;
  assert.equal(produced, 3);

  const detail = await c.get(`/card-batches/${batch.id}`, central);
  assert.equal(detail.status, 200);
  assert.deepEqual(detail.body.items.map((i: { cardStatus: string }) => i.cardStatus), ['ready', 'ready', 'ready']);
  const list = await c.get(`/card-batches?receivingUnitId=${BA_DINH}`, central);
  assert.ok(list.body.items.some((b: { id: string }) => b.id === batch.id));
  problem(await c.get('/card-batches', commune), 403, 'forbidden');
  const actions = await t.db.sql<{ action: string }[]>`select action from audit_log where details->>'batchId' = ${batch.id} and action like 'card.batch.%' order by seq`;
  assert.deepEqual(actions.map((a) => a.action), ['card.batch.create', 'card.batch.personalise', 'card.batch.personalise', 'card.batch.quality-checked', 'card.batch.ship', 'card.batch.receive']);
});

test('a chip that fails quality control goes back to production: the re-run makes a new card and destroys the failed one', async () => {
  await approvedApplications(t, central, 2, THU_DAU_MOT);
  const batch = (await c.post('/card-batches', central, { receivingUnitId: THU_DAU_MOT })).body;
  const run = await c.post(`/card-batches/${batch.id}/personalisation`, central, { concurrency: 1 });
  assert.equal(run.body.personalised.length, 2);
  const [bad, good] = run.body.personalised.map((p: { cardNumber: string }) => p.cardNumber) as [string, string];
  // A fault of the chip: DG2 read back differs from what EF.SOD hashes.
  await t.db.sql`
    update card_chip h set files = jsonb_set(h.files, '{DG2}', to_jsonb(replace(encode(set_byte(x.d, length(x.d) - 10, get_byte(x.d, length(x.d) - 10) # 1), 'base64'), chr(10), '')))
    from (select card_number, decode(files->>'DG2', 'base64') as d from card_chip where card_number = ${bad}) x where h.card_number = x.card_number`;
  const qc = await c.post(`/card-batches/${batch.id}/quality-control`, central, {});
  assert.equal(qc.status, 200, JSON.stringify(qc.body));
  const verdicts = new Map(qc.body.checked.map((k: { cardNumber: string; passed: boolean }) => [k.cardNumber, k.passed]));
  assert.deepEqual([verdicts.get(bad), verdicts.get(good)], [false, true]);
  assert.equal(qc.body.batch.status, 'personalising', 'a batch with a failed card is not quality-checked');
  problem(await c.post(`/card-batches/${batch.id}/shipment`, central, {}), 409, 'card-batch-state');

  const rerun = await c.post(`/card-batches/${batch.id}/personalisation`, central, {});
  assert.equal(rerun.status, 200, JSON.stringify(rerun.body));
  assert.equal(rerun.body.personalised.length, 1);
  assert.equal(rerun.body.personalised[0].replaced, bad);
  const replacement = rerun.body.personalised[0].cardNumber;
  assert.notEqual(replacement, bad);
  const [old] = await t.db.sql<{ status: string }[]>`select status from card where card_number = ${bad}`;
  assert.equal(old!.status, 'destroyed');
  const qc2 = await c.post(`/card-batches/${batch.id}/quality-control`, central, {});
  assert.deepEqual(qc2.body.checked.map((k: { cardNumber: string; passed: boolean }) => [k.cardNumber, k.passed]), [[replacement, true]]);
  assert.equal(qc2.body.batch.status, 'quality_checked');
  assert.deepEqual(qc2.body.batch.cards, { destroyed: 1, quality_checked: 2 });
});

test('two personalisation runs of one batch at once make each card once', async () => {
  const apps = await approvedApplications(t, central, 4, BA_DINH);
  const batch = (await c.post('/card-batches', central, { receivingUnitId: BA_DINH })).body;
  assert.equal(batch.applications, 4);
  const [a, b] = await Promise.all([
    c.post(`/card-batches/${batch.id}/personalisation`, central, { concurrency: 2 }),
    c.post(`/card-batches/${batch.id}/personalisation`, central, { concurrency: 2 }),
  ]);
  assert.deepEqual([a.status, b.status], [200, 200], JSON.stringify([a.body, b.body]));
  assert.equal(a.body.personalised.length + b.body.personalised.length, 4, 'each card made by exactly one of the runs');
  const rows = await t.db.sql<{ application_id: string; n: number }[]>`
    select application_id, count(*)::int as n from card where application_id = any(${apps.map((x) => x.applicationId)}::uuid[]) group by application_id`;
  assert.equal(rows.length, 4);
  assert.ok(rows.every((r) => r.n === 1), 'one card per application');
});

test('refusals: unknown batch, unknown unit, wrong role', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  for (const step of ['personalisation', 'quality-control', 'shipment']) problem(await c.post(`/card-batches/${unknown}/${step}`, central, {}), 404, 'not-found');
  problem(await c.post(`/card-batches/${unknown}/receipt`, commune, {}), 404, 'not-found');
  problem(await c.get(`/card-batches/${unknown}`, central), 404, 'not-found');
  problem(await c.post('/card-batches', central, { receivingUnitId: '2:99999' }), 422, 'unknown-admin-unit');
  problem(await c.post('/card-batches', auditor, { receivingUnitId: BA_DINH }), 403, 'forbidden');
  problem(await c.post(`/card-batches/${unknown}/personalisation`, otherProvince, {}), 403, 'forbidden');
  const r = await c.post('/card-batches', central, { receivingUnitId: BA_DINH, limit: 0 });
  assert.equal(r.status, 400);
});
