// The dashboards' aggregates (GET /statistics/…): figures that add up to the register, the scope
// of each role (a province officer never sees another province; commune officers and auditors
// are refused), and errors declared and served as problem documents.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { adult, BA_DINH, client, HONG_HA, THU_DAU_MOT } from './test-helpers.ts';

let t: TestApp;
let central: string;
let hanoi: string;
before(async () => {
  t = await createTestApp();
  central = (await t.officer('central')).authorization;
  hanoi = (await t.officer('province', '2:01')).authorization;
  await adult(t, central, { fullName: 'Nguyễn Văn Thống', sex: 'male', birthDate: '1980-03-14', unitId: BA_DINH });
  await adult(t, central, { fullName: 'Trần Thị Kê', sex: 'female', birthDate: '1985-03-02', unitId: HONG_HA });
  const dead = await adult(t, central, { fullName: 'Lê Văn Số', sex: 'male', birthDate: '1950-07-01', unitId: THU_DAU_MOT });
  const r = await client(t).post(`/persons/${dead.idNumber}/death`, central, { date: '2026-02-10', legalBasis: 'Trích lục khai tử số 1/2026' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(() => t.close());

test('population per province adds up to the register under both generations', async () => {
  const c = client(t);
  const g2 = await c.get('/statistics/population?generation=2', central);
  assert.equal(g2.status, 200, JSON.stringify(g2.body));
  assert.equal(g2.body.items.length, 34);
  type Row = { provinceId: string; living: number; deceased: number };
  const row = (items: Row[], id: string) => items.find((p) => p.provinceId === id)!;
  assert.deepEqual([row(g2.body.items, '2:01').living, row(g2.body.items, '2:01').deceased], [2, 0]);
  assert.deepEqual([row(g2.body.items, '2:79').living, row(g2.body.items, '2:79').deceased], [0, 1]);
  const g1 = await c.get('/statistics/population?generation=1', central);
  assert.equal(g1.body.items.length, 63);
  // Thủ Dầu Một was in Bình Dương (74) before 1 July 2025; Ba Đình and Hồng Hà in Hà Nội (01).
  assert.equal(row(g1.body.items, '1:01').living, 2);
  assert.equal(row(g1.body.items, '1:74').deceased, 1);
  const total = (items: { living: number; deceased: number }[]) => items.reduce((n, p) => n + p.living + p.deceased, 0);
  assert.equal(total(g1.body.items), total(g2.body.items));
});

test('a provincial officer gets their province only; commune officers and auditors are refused', async () => {
  const c = client(t);
  const mine = await c.get('/statistics/population?generation=2', hanoi);
  assert.deepEqual(mine.body.items.map((p: { provinceId: string }) => p.provinceId), ['2:01']);
  const old = await c.get('/statistics/population?generation=1', hanoi);
  assert.deepEqual(old.body.items.map((p: { provinceId: string }) => p.provinceId), ['1:01']);
  const completeness = await c.get('/statistics/completeness', hanoi);
  assert.deepEqual(completeness.body.items.map((p: { provinceId: string }) => p.provinceId), ['2:01']);
  const other = await c.get('/statistics/vital-events?province=2:79', hanoi);
  assert.equal(other.status, 400);
  assert.equal(other.body.errors[0].pointer, '/querystring/province');
  for (const role of ['commune', 'auditor'] as const) {
    const who = (await t.officer(role, role === 'commune' ? BA_DINH : undefined)).authorization;
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/statistics/population', headers: { authorization: who } });
    assert.equal(r.statusCode, 403, role);
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    assert.equal(r.json().code, 'CC-AUTH-003');
  }
});

test('births and deaths per month, oldest first, every month of the range present', async () => {
  const c = client(t);
  const r = await c.get('/statistics/vital-events?from=1985-01&to=1985-04', central);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.months, [
    { month: '1985-01', births: 0, deaths: 0 }, { month: '1985-02', births: 0, deaths: 0 },
    { month: '1985-03', births: 1, deaths: 0 }, { month: '1985-04', births: 0, deaths: 0 },
  ]);
  const deaths = await c.get('/statistics/vital-events?from=2026-02&to=2026-02', central);
  assert.deepEqual(deaths.body.months, [{ month: '2026-02', births: 0, deaths: 1 }]);
  const backwards = await c.get('/statistics/vital-events?from=2026-02&to=2025-02', central);
  assert.equal(backwards.status, 400);
  const tooLong = await c.get('/statistics/vital-events?from=2000-01&to=2026-02', central);
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.body.errors[0].pointer, '/querystring/from');
});

test('completeness counts, per field, the living persons it applies to and those who have it', async () => {
  const r = await client(t).get('/statistics/completeness?generation=2', central);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const hn = r.body.items.find((p: { provinceId: string }) => p.provinceId === '2:01');
  assert.equal(hn.persons, 2);
  assert.deepEqual(hn.fields.fullName, { applicable: 2, filled: 2 });
  assert.deepEqual(hn.fields.placeOfBirth, { applicable: 2, filled: 2 });
  // Registered without parents: the fields apply and are empty.
  assert.deepEqual(hn.fields.father, { applicable: 2, filled: 0 });
  // Nobody is married: the spouse applies to no one.
  assert.deepEqual(hn.fields.spouse, { applicable: 0, filled: 0 });
  assert.ok(r.body.fields.some((f: { field: string; appliesTo: string }) => f.field === 'spouse' && /married/.test(f.appliesTo)));
  // The deceased are not counted (Hồ Chí Minh City's only person died).
  assert.equal(r.body.items.find((p: { provinceId: string }) => p.provinceId === '2:79').persons, 0);
});

test('the OpenAPI document names each statistics operation and declares its errors as problem+json', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  for (const [p, id] of [['/api/v1/statistics/population', 'getPopulationByProvince'], ['/api/v1/statistics/vital-events', 'getVitalEventsByMonth'], ['/api/v1/statistics/completeness', 'getCompletenessByProvince']]) {
    const op = doc.paths[p!].get;
    assert.equal(op.operationId, id);
    for (const status of ['400', '401', '403']) assert.ok(op.responses[status].content['application/problem+json'], `${p} ${status}`);
  }
});
