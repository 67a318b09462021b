import { parseIdNumber } from '@cancuoc/idnumber';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLog } from '../testing/audit.ts';
import { todayInVietnam } from '../calendar.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { adult, BA_DINH, client, HA_GIANG_1, THU_DAU_MOT } from './test-helpers.ts';

let t: TestApp;
let central: string;
let c: ReturnType<typeof client>;
before(async () => {
  t = await createTestApp();
  central = (await t.officer('central')).authorization;
  c = client(t);
});
after(async () => { await t.close(); });

const birth = (over: Record<string, unknown> = {}) => ({
  fullName: 'Nguyễn Văn An', sex: 'male', birthDate: '2026-01-15', placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
  birthRegistrationUnitId: BA_DINH, legalBasis: 'Giấy khai sinh số 15/2026', ...over,
});

test('a birth allocates a valid number for the province, sex and year, and inherits from the parents', async () => {
  const father = await adult(t, central, { fullName: 'Nguyễn Văn Bình', sex: 'male', birthDate: '1990-03-04', ethnicity: 'Tày' });
  const mother = await adult(t, central, { fullName: 'Trần Thị Cúc', sex: 'female', birthDate: '1992-07-08' });
  const hh = await c.post('/households', central, { headIdNumber: mother.idNumber, unitId: BA_DINH, address: 'Số 1 phố Đội Cấn', legalBasis: 'Đăng ký thường trú 1/2026' });
  assert.equal(hh.status, 201, JSON.stringify(hh.body));

  const res = await c.post('/births', central, birth({ fullName: 'Nguyễn Thị Hoa', sex: 'female', fatherIdNumber: father.idNumber, motherIdNumber: mother.idNumber }));
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const p = res.body;
  const info = parseIdNumber(p.idNumber);
  assert.ok(info.ok);
  assert.equal(info.value.provinceCode, '001');
  assert.equal(info.value.sex, 'female');
  assert.equal(info.value.birthYear, 2026);
  assert.equal(res.headers.location, `/api/v1/persons/${p.idNumber}`);
  assert.equal(res.headers.etag, '"1"');
  // Inherited: ethnicity from the father, residence and household from the mother.
  assert.equal(p.ethnicity, 'Tày');
  assert.equal(p.nationality, 'VNM');
  assert.equal(p.permanentResidence.unit.id, BA_DINH);
  assert.equal(p.currentResidence.address, mother.currentResidence.address);
  assert.equal(p.household.id, hh.body.id);
  assert.equal(p.relationshipToHead, 'Con');
  assert.deepEqual(p.father, { idNumber: father.idNumber, fullName: 'Nguyễn Văn Bình', nationality: 'VNM' });
  assert.equal(p.mother.idNumber, mother.idNumber);
  assert.equal(p.version, 1);
  assert.equal(p.maritalStatus, 'single');

  // The parents now list the child; the household lists the child with the relationship.
  const m = await c.get(`/persons/${mother.idNumber}`, central);
  assert.deepEqual(m.body.children.map((x: { idNumber: string }) => x.idNumber), [p.idNumber]);
  const h = await c.get(`/households/${hh.body.id}`, central);
  assert.deepEqual(h.body.members.map((x: { idNumber: string; relationshipToHead: string }) => [x.idNumber, x.relationshipToHead]),
    [[mother.idNumber, 'Chủ hộ'], [p.idNumber, 'Con']]);

  const events = await c.get(`/persons/${p.idNumber}/events`, central);
  assert.equal(events.body.events[0].kind, 'birth');
  assert.equal(events.body.events[0].legalBasis, 'Giấy khai sinh số 15/2026');
});

test('the prefix is the pre-2025 province the registering commune came from', async () => {
  const a = await c.post('/births', central, birth({ fullName: 'Lê Văn Dũng', birthRegistrationUnitId: THU_DAU_MOT, permanentResidence: { unitId: THU_DAU_MOT, address: '12 Yersin' }, ethnicity: 'Kinh' }));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.match(a.body.idNumber, /^074226/); // old Bình Dương, male, 2026
  const b = await c.post('/births', central, birth({ fullName: 'Hoàng Thị Mai', sex: 'female', birthDate: '1988-02-29', birthRegistrationUnitId: HA_GIANG_1, permanentResidence: { unitId: HA_GIANG_1, address: 'Tổ 5' }, ethnicity: 'Dao' }));
  assert.equal(b.status, 201, JSON.stringify(b.body));
  assert.match(b.body.idNumber, /^002188/); // old Hà Giang, female, 1988
  assert.equal(b.body.currentResidence.unit.provinceId, '2:08');
});

test('numbers of one prefix are all different', async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 8; i++) {
    const r = await c.post('/births', central, birth({ fullName: `Phạm Văn Số ${'ABCDEFGH'[i]}`, permanentResidence: { unitId: BA_DINH, address: `Ngõ ${i}` }, ethnicity: 'Kinh' }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(r.body.idNumber, /^001226/);
    seen.add(r.body.idNumber);
  }
  assert.equal(seen.size, 8);
});

test('an exhausted prefix is a 409 id-number-prefix-exhausted and registers nobody', async () => {
  await t.db.sql`insert into id_number_counter (prefix, next) values ('001310', 1000000)`;
  const before = await t.db.sql`select count(*)::int as n from person`;
  const r = await c.post('/births', central, birth({ fullName: 'Vũ Thị Lan', sex: 'female', birthDate: '2010-05-05', permanentResidence: { unitId: BA_DINH, address: 'Ngõ 9' }, ethnicity: 'Kinh' }));
  assert.equal(r.status, 409);
  assert.equal(r.body.type, '/api/v1/problems/id-number-prefix-exhausted');
  assert.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
  const afterCount = await t.db.sql`select count(*)::int as n from person`;
  assert.equal(afterCount[0]!.n, before[0]!.n);
});

test('the same Idempotency-Key registers the birth once', async () => {
  const headers = { 'idempotency-key': 'birth-retry-0001' };
  const body = birth({ fullName: 'Đỗ Minh Khôi', permanentResidence: { unitId: BA_DINH, address: 'Ngõ 3' }, ethnicity: 'Kinh' });
  const first = await c.post('/births', central, body, headers);
  const again = await c.post('/births', central, body, headers);
  assert.equal(first.status, 201);
  assert.equal(again.status, 201);
  assert.equal(again.body.idNumber, first.body.idNumber);
  const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from life_event where request_id = 'birth-retry-0001'`;
  assert.equal(n, 1);
});

test('refusals: unknown parent, wrong sex, duplicate, unit not in force, bad fields', async () => {
  const mother = await adult(t, central, { fullName: 'Bùi Thị Nga', sex: 'female', birthDate: '1995-01-01' });
  const unknown = await c.post('/births', central, birth({ motherIdNumber: '001195000001' }));
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.type, '/api/v1/problems/unknown-person');
  assert.equal(unknown.body.errors[0].pointer, '/body/motherIdNumber');

  const wrongSex = await c.post('/births', central, birth({ fatherIdNumber: mother.idNumber }));
  assert.equal(wrongSex.status, 400);
  assert.equal(wrongSex.body.errors[0].pointer, '/body/fatherIdNumber');

  const ok = await c.post('/births', central, birth({ fullName: 'Bùi Văn Tú', motherIdNumber: mother.idNumber }));
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const dup = await c.post('/births', central, birth({ fullName: 'Bùi Văn Tú', motherIdNumber: mother.idNumber }));
  assert.equal(dup.status, 409);
  assert.equal(dup.body.type, '/api/v1/problems/duplicate-person');
  assert.equal(dup.body.idNumber, ok.body.idNumber);

  // Generation-1 communes ended on 2025-06-30.
  const old = await c.post('/births', central, birth({ birthRegistrationUnitId: '1:00004', motherIdNumber: mother.idNumber, fullName: 'Bùi Văn Tâm' }));
  assert.equal(old.status, 422);
  assert.equal(old.body.type, '/api/v1/problems/unknown-admin-unit');
  assert.equal(old.body.errors[0].pointer, '/body/birthRegistrationUnitId');
  // … but register a birth dated before the reorganisation.
  const back = await c.post('/births', central, birth({ birthRegistrationUnitId: '1:00004', registrationDate: '2024-03-01', birthDate: '2024-02-20', motherIdNumber: mother.idNumber, fullName: 'Bùi Văn Tâm' }));
  assert.equal(back.status, 201, JSON.stringify(back.body));
  assert.equal(back.body.birthRegistrationUnit.current, false);
  assert.equal(back.body.birthRegistrationUnit.today[0].id, BA_DINH);

  const bad = await c.post('/births', central, { fullName: '', sex: 'x', birthDate: '2026-02-30x', birthRegistrationUnitId: 'Hà Nội', surprise: 1 });
  assert.equal(bad.status, 400);
  const pointers = bad.body.errors.map((e: { pointer: string }) => e.pointer);
  for (const p of ['/body/fullName', '/body/sex', '/body/birthDate', '/body/birthRegistrationUnitId', '/body/legalBasis', '/body/placeOfBirth', '/body/surprise']) {
    assert.ok(pointers.includes(p), `${p} in ${pointers.join(', ')}`);
  }
  const future = await c.post('/births', central, birth({ birthDate: '2999-01-01', motherIdNumber: mother.idNumber }));
  assert.equal(future.status, 400);
  assert.equal(future.body.errors[0].pointer, '/body/birthDate');
  assert.ok(todayInVietnam() < '2999-01-01');
});

test('every birth is in the audit chain and the outbox, and the chain verifies', async () => {
  const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'person.birth'`;
  const [{ o }] = await t.db.sql<{ o: number }[]>`select count(*)::int as o from outbox_event where topic = 'person.created'`;
  const [{ p }] = await t.db.sql<{ p: number }[]>`select count(*)::int as p from person`;
  assert.equal(n, p);
  assert.equal(o, p);
  const [event] = await t.db.sql<{ payload: Record<string, unknown> }[]>`select payload from outbox_event order by id desc limit 1`;
  assert.deepEqual(Object.keys(event!.payload).sort(), ['changed', 'event', 'eventId', 'idNumber', 'version']);
  assert.equal((await verifyLog(t.db.sql)).valid, true);
});
