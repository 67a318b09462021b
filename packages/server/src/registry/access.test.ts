import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLog } from '../testing/audit.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { adult, BA_DINH, client, HONG_HA, THU_DAU_MOT } from './test-helpers.ts';

let t: TestApp;
let central: string;
let c: ReturnType<typeof client>;
let inBaDinh: { idNumber: string };
let inHongHa: { idNumber: string };
let baDinhOfficer: { id: string; authorization: string };
before(async () => {
  t = await createTestApp();
  central = (await t.officer('central')).authorization;
  c = client(t);
  baDinhOfficer = await t.officer('commune', BA_DINH);
  inBaDinh = await adult(t, central, { fullName: 'Lương Văn Phúc', sex: 'male', birthDate: '1983-03-03', unitId: BA_DINH });
  inHongHa = await adult(t, central, { fullName: 'Lương Thị Quế', sex: 'female', birthDate: '1984-04-04', unitId: HONG_HA });
});
after(async () => { await t.close(); });

test('a commune officer reads persons of their commune and is refused (403) elsewhere', async () => {
  const own = await c.get(`/persons/${inBaDinh.idNumber}`, baDinhOfficer.authorization);
  assert.equal(own.status, 200);
  assert.equal(own.headers.etag, '"1"');
  const other = await c.get(`/persons/${inHongHa.idNumber}`, baDinhOfficer.authorization);
  assert.equal(other.status, 403);
  assert.equal(other.body.type, '/api/v1/problems/outside-jurisdiction');
  // Writes too, and the history of someone else.
  const write = await c.post(`/persons/${inHongHa.idNumber}/death`, baDinhOfficer.authorization, { date: '2026-01-01', legalBasis: 'Trích lục khai tử 1/2026' });
  assert.equal(write.status, 403);
  assert.equal((await c.get(`/persons/${inHongHa.idNumber}/history`, baDinhOfficer.authorization)).status, 403);
  // A birth whose child would live outside the commune is refused too.
  const birth = await c.post('/births', baDinhOfficer.authorization, {
    fullName: 'Lương Văn Sang', sex: 'male', birthDate: '2026-01-01', placeOfBirth: 'Hà Nội', birthRegistrationUnitId: BA_DINH,
    motherIdNumber: inHongHa.idNumber, legalBasis: 'Giấy khai sinh 2/2026',
  });
  assert.equal(birth.status, 403);
});

test('a province officer acts in their province only; an auditor reads no person', async () => {
  const hanoi = await t.officer('province', '2:01');
  const hcm = await t.officer('province', '2:79');
  assert.equal((await c.get(`/persons/${inHongHa.idNumber}`, hanoi.authorization)).status, 200);
  const refused = await c.get(`/persons/${inHongHa.idNumber}`, hcm.authorization);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.type, '/api/v1/problems/outside-jurisdiction');
  const auditor = await t.officer('auditor');
  const a = await c.get(`/persons/${inBaDinh.idNumber}`, auditor.authorization);
  assert.equal(a.status, 403);
  assert.equal(a.body.type, '/api/v1/problems/forbidden');
  assert.equal((await c.get('/persons?name=luong%20van', auditor.authorization)).status, 403);
});

test('a move is registered by the receiving commune; the person is then theirs', async () => {
  const mover = await adult(t, central, { fullName: 'Lương Văn Tài', sex: 'male', birthDate: '1985-05-05', unitId: BA_DINH });
  const body = { kind: 'permanent', unitId: THU_DAU_MOT, address: '1 Yersin', date: '2026-02-02', legalBasis: 'Đăng ký thường trú 40/2026' };
  // The commune the person leaves cannot move them into another jurisdiction.
  const refused = await c.post(`/persons/${mover.idNumber}/residence`, baDinhOfficer.authorization, body);
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal((await c.get(`/persons/${mover.idNumber}`, baDinhOfficer.authorization)).body.version, 1);
  const there = await t.officer('commune', THU_DAU_MOT);
  assert.equal((await c.get(`/persons/${mover.idNumber}`, there.authorization)).status, 403);
  const move = await c.post(`/persons/${mover.idNumber}/residence`, there.authorization, body);
  assert.equal(move.status, 200, JSON.stringify(move.body));
  assert.equal(move.body.currentResidence.unit.id, THU_DAU_MOT);
  assert.equal((await c.get(`/persons/${mover.idNumber}`, baDinhOfficer.authorization)).status, 403);
  assert.equal((await c.get(`/persons/${mover.idNumber}`, there.authorization)).status, 200);
});

test('the ID number in the path is validated (400 for its shape, 422 for its meaning) and an unknown one is 404', async () => {
  for (const bad of ['12345', '00119000000x']) {
    const r = await c.get(`/persons/${bad}`, central);
    assert.equal(r.status, 400, bad);
    assert.equal(r.body.type, '/api/v1/problems/validation-error');
    assert.equal(r.body.errors[0].pointer, '/params/idNumber');
  }
  // Twelve digits, but no province has the code 999: the number is invalid, not the request's shape.
  const unknownProvince = await c.get('/persons/999190000001', central);
  assert.equal(unknownProvince.status, 422);
  assert.equal(unknownProvince.body.type, '/api/v1/problems/invalid-id-number');
  assert.equal(unknownProvince.body.errors[0].pointer, '/params/idNumber');
  const missing = await c.get('/persons/001190000001', central);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.type, '/api/v1/problems/not-found');
  assert.equal((await c.get(`/persons/${inBaDinh.idNumber}`, 'Bearer nope-nope-nope-nope-nope')).status, 401);
});

test('every read is audited, refusals and misses too, and the chain verifies', async () => {
  const before = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where subject = ${inBaDinh.idNumber} and action = 'person.read'`;
  await c.get(`/persons/${inBaDinh.idNumber}`, baDinhOfficer.authorization, { 'x-request-id': 'audit-read-0001' });
  const rows = await t.db.sql<{ actor: string; request_id: string }[]>`
    select actor, request_id from audit_log where subject = ${inBaDinh.idNumber} and action = 'person.read' order by seq`;
  assert.equal(rows.length, before[0]!.n + 1);
  assert.deepEqual(rows.at(-1), { actor: `officer:${baDinhOfficer.id}`, request_id: 'audit-read-0001' });
  const refused = await t.db.sql`select 1 from audit_log where subject = ${inHongHa.idNumber} and action = 'person.read.refused'`;
  assert.ok(refused.length >= 1);
  const miss = await t.db.sql`select 1 from audit_log where subject = '001190000001' and action = 'person.read.not-found'`;
  assert.equal(miss.length, 1);
  const writes = await t.db.sql`select 1 from audit_log where subject = ${inBaDinh.idNumber} and action = 'person.birth'`;
  assert.equal(writes.length, 1);
  assert.equal((await verifyLog(t.db.sql)).valid, true);
});

test('the old ID number confirmation names both numbers (audited)', async () => {
  const p = await adult(t, central, { fullName: 'Lương Thị Vân', sex: 'female', birthDate: '1970-07-07' });
  const none = await c.get(`/persons/${p.idNumber}/old-id-confirmation`, central);
  assert.equal(none.status, 404);
  await c.patch(`/persons/${p.idNumber}`, central, { oldIdNumber: '012345678', legalBasis: 'Hồ sơ CMND lưu trữ' }, { 'if-match': '"1"' });
  const r = await c.get(`/persons/${p.idNumber}/old-id-confirmation`, central);
  assert.equal(r.status, 200);
  assert.equal(r.body.oldIdNumber, '012345678');
  assert.equal(r.body.birthDate, '1970-07-07');
  assert.match(r.body.statement, /012345678.*07\/07\/1970/);
  const audited = await t.db.sql`select 1 from audit_log where subject = ${p.idNumber} and action = 'person.old-id-confirmation'`;
  assert.equal(audited.length, 1);
});

test('concurrent reads share one statement yet each gets its own outcome and audit entry', async () => {
  // Fired together, these land in the same event-loop turn and so in one audited-read batch
  // (sql.ts READ_AUDITED): the jurisdiction decided in SQL must be each officer's own.
  const hanoi = await t.officer('province', '2:01');
  const hcm = await t.officer('province', '2:79');
  const auditedBefore = (await verifyLog(t.db.sql)).entries;
  const asks = [
    { who: baDinhOfficer, id: inBaDinh.idNumber, status: 200, action: 'person.read' },
    { who: baDinhOfficer, id: inHongHa.idNumber, status: 403, action: 'person.read.refused' },
    { who: hanoi, id: inHongHa.idNumber, status: 200, action: 'person.read' },
    { who: hcm, id: inBaDinh.idNumber, status: 403, action: 'person.read.refused' },
    { who: hcm, id: '079190000009', status: 404, action: 'person.read.not-found' },
    { who: { id: 'central', authorization: central }, id: inHongHa.idNumber, status: 200, action: 'person.read' },
    { who: baDinhOfficer, id: inBaDinh.idNumber, status: 200, action: 'person.read' },
  ];
  const answers = await Promise.all(asks.map((a, i) => c.get(`/persons/${a.id}`, a.who.authorization, { 'x-request-id': `batch-read-${i}` })));
  asks.forEach((a, i) => {
    assert.equal(answers[i]!.status, a.status, `ask ${i}`);
    if (a.status === 200) assert.equal(answers[i]!.body.idNumber, a.id);
  });
  const logged = await t.db.sql<{ request_id: string; action: string; subject: string; details: { version?: number } }[]>`
    select request_id, action, subject, details from audit_log where request_id like 'batch-read-%' order by request_id`;
  assert.deepEqual(logged.map((l) => [l.request_id, l.action, l.subject]), asks.map((a, i) => [`batch-read-${i}`, a.action, a.id]));
  for (const l of logged) assert.deepEqual(l.details, l.action === 'person.read' ? { version: 1 } : {});
  const chain = await verifyLog(t.db.sql);
  assert.equal(chain.valid, true);
  assert.equal(chain.entries, auditedBefore + asks.length);
});

test('a refusal about a person outside the jurisdiction does not say what their record holds; the use is audited', async () => {
  // Lương Thị Quế lives in Hồng Hà, outside Ba Đình: named as a father (she is a woman).
  const req = (auth: string, requestId: string) => c.post('/births', auth, {
    fullName: 'Lương Văn Tý', sex: 'male', birthDate: '2026-03-03', placeOfBirth: 'Hà Nội', birthRegistrationUnitId: BA_DINH,
    permanentResidence: { unitId: BA_DINH, address: 'Số 4 phố Đội Cấn' }, fatherIdNumber: inHongHa.idNumber, ethnicity: 'Kinh',
    legalBasis: 'Giấy khai sinh 9/2026',
  }, { 'x-request-id': requestId });
  const hidden = await req(baDinhOfficer.authorization, 'withheld-0001');
  assert.equal(hidden.status, 400);
  assert.equal(hidden.body.errors[0].pointer, '/body/fatherIdNumber');
  assert.doesNotMatch(JSON.stringify(hidden.body), /female|male\b|1984|04-04/);
  const uses = await t.db.sql<{ action: string; subject: string; details: { role: string; refused: boolean } }[]>`
    select action, subject, details from audit_log where request_id = 'withheld-0001' order by seq`;
  assert.deepEqual(uses.map((u) => [u.action, u.subject]), [['request.refused', null], ['person.reference', inHongHa.idNumber]]);
  assert.deepEqual(uses[1]!.details, { role: 'father', refused: true });
  // An officer who may read her is told why.
  const shown = await req(central, 'withheld-0002');
  assert.equal(shown.status, 400);
  assert.match(shown.body.detail, /is registered as female/);
});
