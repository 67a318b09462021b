// The application stage end to end over HTTP on the real app and database (issue 16 items 1–2):
// received → verified → approved, and every refusal of the issue's acceptance explained.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { adult, BA_DINH, client, HONG_HA, THU_DAU_MOT } from '../registry/test-helpers.ts';
import { createApprovedApplication, fingerImage, portraitJpeg, put, putPhoto, tenFingers, wsqHeader } from './test-helpers.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
let commune: string; // Ba Đình
let province: string; // Hà Nội (2:01)
let otherProvince: string; // TP Hồ Chí Minh (2:79)

before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
  commune = (await t.officer('commune', BA_DINH)).authorization;
  province = (await t.officer('province', '2:01')).authorization;
  otherProvince = (await t.officer('province', '2:79')).authorization;
});
after(async () => { await t.close(); });

let n = 0;
const person = async (unitId = BA_DINH, birthDate = '1990-05-17') =>
  (await adult(t, central, { fullName: `Trần Thị Hồ Sơ ${'ABCDEGHIKLMNOPQRSTUVXY'.charAt(n++ % 22)}`, sex: 'female', birthDate, unitId })).idNumber;

async function audit(requestId: string) {
  return t.db.sql<{ action: string; subject: string | null }[]>`select action, subject from audit_log where request_id = ${requestId} order by seq`;
}

test('the whole flow: received → verified → approved, read from the register, audited', async () => {
  const idNumber = await person();
  const created = await c.post('/card-applications', commune, { idNumber, kind: 'first', declaredChanges: { fullName: 'Trần Thị Hồ Sơ Khác' } }, { 'x-request-id': 'create-flow-0001' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const app = created.body;
  assert.match(app.reference, /^HS\d{4}-\d{6}$/);
  assert.equal(app.status, 'received');
  assert.equal(app.channel, 'office');
  assert.equal(app.receivingUnit.id, BA_DINH, 'the receiving office is the officer\'s');
  assert.equal(app.birthDate, '1990-05-17', 'what the register knows comes from the person document');
  assert.match(app.fullName, /^Trần Thị Hồ Sơ/);
  assert.deepEqual((await audit('create-flow-0001')).map((e) => e.action), ['card.application.create']);

  // Checks before the biometrics: each missing piece explained; the declared name is not the register's.
  let checks = await c.post(`/card-applications/${app.id}/checks`, commune, undefined);
  assert.equal(checks.status, 200, JSON.stringify(checks.body));
  assert.equal(checks.body.passed, false);
  assert.equal(checks.body.status, 'received');
  assert.deepEqual(checks.body.failures.map((f: { code: string }) => f.code).sort(), ['declared-change-not-recorded', 'fingerprints-missing', 'photo-missing']);
  assert.ok(checks.body.failures.every((f: { message: string }) => f.message.length > 20), 'each failure says why');

  // The name change recorded in the register makes the declaration consistent.
  const fixed = await c.patch(`/persons/${idNumber}`, central, { fullName: 'Trần Thị Hồ Sơ Khác', legalBasis: 'Quyết định thay đổi họ tên số 7/2026' }, { 'if-match': '"1"' });
  assert.equal(fixed.status, 200, JSON.stringify(fixed.body));

  const photo = await putPhoto(t, app.id, commune, portraitJpeg());
  assert.equal(photo.status, 200, JSON.stringify(photo.body));
  assert.deepEqual(photo.body.photo.width, 600);
  const fingers = tenFingers();
  fingers[2] = { position: 3, image: wsqHeader().toString('base64'), quality: 20 };
  const fp = await put(t, `/card-applications/${app.id}/fingerprints`, commune, { fingers });
  assert.equal(fp.status, 200, JSON.stringify(fp.body));
  const f3 = fp.body.fingerprints.find((f: { position: number }) => f.position === 3);
  assert.deepEqual({ format: f3.format, width: f3.width, height: f3.height, lowQuality: f3.lowQuality, finger: f3.finger }, { format: 'wsq', width: 416, height: 416, lowQuality: true, finger: 'right middle finger' });
  const f10 = fp.body.fingerprints.find((f: { position: number }) => f.position === 10);
  assert.equal(f10.missingReason, 'amputated');
  const f2 = fp.body.fingerprints.find((f: { position: number }) => f.position === 2);
  assert.deepEqual([f2.format, f2.width, f2.height], ['jpeg', 200, 250]);

  checks = await c.post(`/card-applications/${app.id}/checks`, commune, undefined);
  assert.equal(checks.status, 200);
  assert.deepEqual(checks.body.failures, []);
  assert.equal(checks.body.status, 'verified');

  // A commune officer does not decide; the province officer of the office's province does.
  const byCommune = await c.post(`/card-applications/${app.id}/approval`, commune, {});
  assert.equal(byCommune.status, 403);
  assert.equal(byCommune.body.type, '/api/v1/problems/forbidden');
  const byOtherProvince = await c.post(`/card-applications/${app.id}/approval`, otherProvince, {});
  assert.equal(byOtherProvince.status, 403);
  assert.equal(byOtherProvince.body.type, '/api/v1/problems/outside-jurisdiction');
  const approved = await c.post(`/card-applications/${app.id}/approval`, province, { note: 'Hồ sơ đầy đủ' });
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  assert.equal(approved.body.status, 'approved');
  assert.match(approved.body.decidedBy, /^officer:/);
  assert.equal(approved.body.decisionNote, 'Hồ sơ đầy đủ');

  const read = await c.get(`/card-applications/${app.id}`, commune, { 'x-request-id': 'read-flow-00001' });
  assert.equal(read.status, 200);
  assert.equal(read.body.status, 'approved');
  assert.equal(read.body.lastCheck.passed, true);
  assert.deepEqual((await audit('read-flow-00001')).map((e) => [e.action, e.subject]), [['card.application.read', idNumber]]);
  const rows = await t.db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from card_application_finger f join card_application a on a.id = f.application_id where a.id = ${app.id} group by 1`;
  assert.deepEqual([...rows], [{ status: 'approved', n: 10 }], 'ten finger rows for the production stage');

  // The list of the office: the application is there for Ba Đình and Hà Nội, not for TP HCM.
  const listed = await c.get('/card-applications?status=approved', province);
  assert.ok(listed.body.items.some((i: { id: string }) => i.id === app.id));
  const elsewhere = await c.get('/card-applications?status=approved', otherProvince);
  assert.ok(!elsewhere.body.items.some((i: { id: string }) => i.id === app.id));
  const askedElsewhere = await c.get(`/card-applications?unit=${BA_DINH}`, otherProvince);
  assert.deepEqual(askedElsewhere.body.items, [], 'asking for an office outside the jurisdiction finds nothing');
  // One person's applications (the console's person page): theirs only, and still only in the jurisdiction.
  const theirs = await c.get(`/card-applications?idNumber=${idNumber}`, commune);
  assert.deepEqual(theirs.body.items.map((i: { id: string }) => i.id), [app.id]);
  assert.deepEqual((await c.get(`/card-applications?idNumber=${idNumber}`, otherProvince)).body.items, []);
  assert.equal((await c.get('/card-applications?idNumber=12345', commune)).status, 400);
});

test('wrong jurisdiction: a person or an application outside the officer\'s is refused', async () => {
  const far = await person(THU_DAU_MOT);
  const r = await c.post('/card-applications', commune, { idNumber: far, kind: 'first' });
  assert.equal(r.status, 403);
  assert.equal(r.body.type, '/api/v1/problems/outside-jurisdiction');
  assert.equal((await t.db.sql`select 1 from card_application where person_id = ${far}`).length, 0);
  // Another commune of the province: the commune officer may not name it as the receiving office.
  const near = await person(BA_DINH);
  const other = await c.post('/card-applications', commune, { idNumber: near, kind: 'first', receivingUnitId: HONG_HA });
  assert.equal(other.status, 403);
  assert.equal(other.body.type, '/api/v1/problems/outside-jurisdiction');
  // A central officer names the office; an officer of another province can neither read nor act on it.
  const made = await c.post('/card-applications', central, { idNumber: near, kind: 'first', receivingUnitId: BA_DINH });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  for (const res of [
    await c.get(`/card-applications/${made.body.id}`, otherProvince),
    await putPhoto(t, made.body.id, otherProvince, portraitJpeg()),
    await c.post(`/card-applications/${made.body.id}/checks`, otherProvince, undefined),
    await c.post(`/card-applications/${made.body.id}/cancellation`, otherProvince, { reason: 'thử hủy' }),
  ]) {
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.type, '/api/v1/problems/outside-jurisdiction');
  }
  const noUnit = await c.post('/card-applications', central, { idNumber: await person(), kind: 'first' });
  assert.equal(noUnit.status, 400);
  assert.equal(noUnit.body.errors[0].pointer, '/body/receivingUnitId');
});

test('a second open application is refused with the open one\'s reference; a retry of the first is not a second', async () => {
  const idNumber = await person();
  const first = await c.post('/card-applications', commune, { idNumber, kind: 'first' }, { 'idempotency-key': 'open-twice-0001' });
  assert.equal(first.status, 201);
  const retry = await c.post('/card-applications', commune, { idNumber, kind: 'first' }, { 'idempotency-key': 'open-twice-0001' });
  assert.equal(retry.status, 201);
  assert.equal(retry.body.id, first.body.id, 'the retry answers with the application it made');
  const second = await c.post('/card-applications', province, { idNumber, kind: 'lost', receivingUnitId: HONG_HA });
  assert.equal(second.status, 409, JSON.stringify(second.body));
  assert.equal(second.body.type, '/api/v1/problems/open-application-exists');
  assert.equal(second.body.reference, first.body.reference);
  assert.equal(second.body.applicationId, first.body.id);
  // Once cancelled, a new one may be taken.
  const cancelled = await c.post(`/card-applications/${first.body.id}/cancellation`, commune, { reason: 'Công dân rút hồ sơ' });
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.body.status, 'cancelled');
  const again = await c.post('/card-applications', commune, { idNumber, kind: 'first' });
  assert.equal(again.status, 201);
  const reissue = await c.post('/card-applications', commune, { idNumber: await person(), kind: 'reissue' });
  assert.equal(reissue.status, 400);
  assert.equal(reissue.body.errors[0].pointer, '/body/reissueReason');
});

test('photos: not a JPEG, too small, not 3:4, too large, uniform — each its own refusal, nothing stored', async () => {
  const idNumber = await person();
  const app = (await c.post('/card-applications', commune, { idNumber, kind: 'first' })).body;
  const cases: [Buffer, number, string, Record<string, unknown>?][] = [
    [fingerImage('png', 600, 800), 422, 'photo-not-jpeg'],
    [Buffer.from('not an image at all'), 422, 'photo-not-jpeg'],
    [Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02]), 422, 'photo-not-jpeg'],
    [portraitJpeg({ width: 360, height: 480 }), 422, 'photo-too-small', { width: 360, height: 480 }],
    [portraitJpeg({ width: 800, height: 800 }), 422, 'photo-bad-aspect', { width: 800, height: 800 }],
    [Buffer.concat([portraitJpeg(), Buffer.alloc(1024 * 1024)]), 413, 'photo-too-large'],
    [portraitJpeg({ uniform: true }), 422, 'photo-poor-quality', { reason: 'nearly-uniform' }],
  ];
  for (const [body, status, type, extra] of cases) {
    const r = await putPhoto(t, app.id, commune, body);
    assert.equal(r.status, status, `${type}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.type, `/api/v1/problems/${type}`);
    for (const [k, v] of Object.entries(extra ?? {})) assert.equal(r.body[k], v, `${type}.${k}`);
  }
  const wrongType = await putPhoto(t, app.id, commune, portraitJpeg(), 'image/png');
  assert.equal(wrongType.status, 415);
  const asJson = await putPhoto(t, app.id, commune, Buffer.from('{"photo":"AAAA"}'), 'application/json');
  assert.equal(asJson.status, 415);
  assert.equal(asJson.body.type, '/api/v1/problems/unsupported-media-type');
  const [row] = await t.db.sql<{ photo: boolean }[]>`select photo_jpeg is not null as photo from card_application where id = ${app.id}`;
  assert.equal(row!.photo, false, 'no refused photo is stored');
  const bad = tenFingers();
  bad[4] = { position: 5, image: Buffer.from('GIF89a-not-a-finger').toString('base64'), quality: 50 };
  const fp = await put(t, `/card-applications/${app.id}/fingerprints`, commune, { fingers: bad });
  assert.equal(fp.status, 422);
  assert.equal(fp.body.type, '/api/v1/problems/fingerprint-image-invalid');
  assert.equal(fp.body.errors[0].pointer, '/body/fingers/4/image');
  const twice = tenFingers();
  twice[9] = { position: 1, image: twice[0]!.image!, quality: 50 };
  const dup = await put(t, `/card-applications/${app.id}/fingerprints`, commune, { fingers: twice });
  assert.equal(dup.status, 400);
  assert.equal(dup.body.errors[0].pointer, '/body/fingers/9/position');
});

test('four eyes: the officer who took an application never decides it', async () => {
  const idNumber = await person();
  const taker = (await t.officer('province', '2:01')).authorization;
  const app = (await c.post('/card-applications', taker, { idNumber, kind: 'first', receivingUnitId: BA_DINH })).body;
  // Not verified yet: approval is refused for its status (rejection would not be).
  const early = await c.post(`/card-applications/${app.id}/approval`, province, {});
  assert.equal(early.status, 409);
  assert.equal(early.body.type, '/api/v1/problems/application-status-conflict');
  assert.equal(early.body.applicationStatus, 'received');
  assert.equal((await putPhoto(t, app.id, commune, portraitJpeg())).status, 200);
  assert.equal((await put(t, `/card-applications/${app.id}/fingerprints`, commune, { fingers: tenFingers() })).status, 200);
  assert.equal((await c.post(`/card-applications/${app.id}/checks`, commune, undefined)).body.status, 'verified');
  const own = await c.post(`/card-applications/${app.id}/approval`, taker, {});
  assert.equal(own.status, 403, JSON.stringify(own.body));
  assert.equal(own.body.type, '/api/v1/problems/own-application');
  const ownReject = await c.post(`/card-applications/${app.id}/rejection`, taker, { reason: 'Ảnh không đạt' });
  assert.equal(ownReject.body.type, '/api/v1/problems/own-application');
  // Who captured the biometrics does not decide either (they received the citizen).
  const capturer = (await t.officer('province', '2:01')).authorization;
  assert.equal((await putPhoto(t, app.id, capturer, portraitJpeg())).status, 200);
  assert.equal((await c.post(`/card-applications/${app.id}/checks`, commune, undefined)).body.status, 'verified');
  assert.equal((await c.post(`/card-applications/${app.id}/approval`, capturer, {})).body.type, '/api/v1/problems/own-application');
  const [row] = await t.db.sql<{ status: string }[]>`select status from card_application where id = ${app.id}`;
  assert.equal(row!.status, 'verified');
  const rejected = await c.post(`/card-applications/${app.id}/rejection`, province, { reason: 'Thông tin chưa thống nhất' });
  assert.equal(rejected.status, 200);
  assert.equal(rejected.body.status, 'rejected');
  assert.equal(rejected.body.decisionNote, 'Thông tin chưa thống nhất');
  const after = await c.post(`/card-applications/${app.id}/approval`, central, {});
  assert.equal(after.body.type, '/api/v1/problems/application-status-conflict');
});

test('checks against the register: a card in hand, renewal not due, a death, under 6 without biometrics', async () => {
  // The register records a valid card: a first card is refused, a renewal not yet due too.
  const holder = await person(BA_DINH, '1990-05-17');
  const pc = await c.patch(`/persons/${holder}`, central, { previousCard: { issueDate: '2021-06-01', issuePlace: 'Cục Cảnh sát QLHC về TTXH', expiryDate: '2030-05-17' }, legalBasis: 'Thẻ CCCD cấp năm 2021' }, { 'if-match': '"1"' });
  assert.equal(pc.status, 200, JSON.stringify(pc.body));
  const fresh = async (idNumber: string, kind: string) => {
    const app = (await c.post('/card-applications', commune, { idNumber, kind })).body;
    await putPhoto(t, app.id, commune, portraitJpeg());
    await put(t, `/card-applications/${app.id}/fingerprints`, commune, { fingers: tenFingers() });
    return app.id as string;
  };
  let id = await fresh(holder, 'first');
  let r = await c.post(`/card-applications/${id}/checks`, commune, undefined);
  assert.deepEqual(r.body.failures.map((f: { code: string }) => f.code), ['active-card-exists']);
  await c.post(`/card-applications/${id}/cancellation`, commune, { reason: 'Sai loại hồ sơ' });
  id = await fresh(holder, 'renewal');
  r = await c.post(`/card-applications/${id}/checks`, commune, undefined);
  assert.deepEqual(r.body.failures.map((f: { code: string }) => f.code), ['renewal-not-due']);
  assert.match(r.body.failures[0].message, /valid until 2030-05-17 \(renewal at 40\); renewal opens on 2028-05-17/);
  await c.post(`/card-applications/${id}/cancellation`, commune, { reason: 'Chưa đến hạn' });
  // A lost card replaces the card in hand: allowed.
  id = await fresh(holder, 'lost');
  r = await c.post(`/card-applications/${id}/checks`, commune, undefined);
  assert.deepEqual(r.body.failures, []);

  // A renewal at 25, due since 2024-09-01 (born 2001-09-01, card issued at 14, expired 2026-09-01).
  const young = await person(BA_DINH, '2001-09-01');
  await c.patch(`/persons/${young}`, central, { previousCard: { issueDate: '2016-01-10', expiryDate: '2026-09-01' }, legalBasis: 'Thẻ CCCD cấp năm 2016' }, { 'if-match': '"1"' });
  id = await fresh(young, 'renewal');
  r = await c.post(`/card-applications/${id}/checks`, commune, undefined);
  assert.deepEqual(r.body.failures, [], JSON.stringify(r.body.failures));

  // A death recorded after the application was taken.
  const dying = await person();
  id = await fresh(dying, 'first');
  const death = await c.post(`/persons/${dying}/death`, central, { date: '2026-01-02', legalBasis: 'Trích lục khai tử số 1/2026' });
  assert.equal(death.status, 200, JSON.stringify(death.body));
  r = await c.post(`/card-applications/${id}/checks`, commune, undefined);
  assert.ok(r.body.failures.some((f: { code: string }) => f.code === 'person-deceased'));

  // Under 6: no biometrics collected, and none needed to pass.
  const child = await person(BA_DINH, '2023-03-03');
  const app = (await c.post('/card-applications', commune, { idNumber: child, kind: 'first' })).body;
  const photo = await putPhoto(t, app.id, commune, portraitJpeg());
  assert.equal(photo.status, 409);
  assert.equal(photo.body.type, '/api/v1/problems/biometrics-not-collected');
  r = await c.post(`/card-applications/${app.id}/checks`, commune, undefined);
  assert.deepEqual(r.body.failures, []);
  assert.equal(r.body.status, 'verified');
});

test('createApprovedApplication makes an approved application through the API', async () => {
  const app = await createApprovedApplication(t, { unitId: HONG_HA });
  assert.equal(app.status, 'approved');
  assert.equal(app.receivingUnit.id, HONG_HA);
  assert.equal(app.photo.width, 600);
  assert.equal(app.fingerprints.length, 10);
});
