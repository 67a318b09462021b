import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
let auth: string;
before(async () => { t = await createTestApp(); auth = (await t.officer('central')).authorization; });
after(async () => { await t.close(); });

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: { authorization: auth } });
  return { status: res.statusCode, body: res.json() };
};

test('before 1 July 2025: 63 provinces and 10,047 communes', async () => {
  const p = await get('/api/v1/admin-units?level=province&at=2024-01-01');
  assert.equal(p.status, 200);
  assert.equal(p.body.total, 63);
  assert.ok(p.body.items.some((u: { name: string }) => u.name === 'Tỉnh Hà Giang'));
  const c = await get('/api/v1/admin-units?level=commune&at=2025-06-30&limit=1');
  assert.equal(c.body.total, 10047);
});

test('from 1 July 2025: 34 provinces and 3,321 communes', async () => {
  const p = await get('/api/v1/admin-units?level=province&at=2025-07-01');
  assert.equal(p.body.total, 34);
  assert.ok(!p.body.items.some((u: { name: string }) => u.name.includes('Hà Giang')));
  const c = await get('/api/v1/admin-units?level=commune&at=2025-07-01&limit=1');
  assert.equal(c.body.total, 3321);
});

test('name filter ignores diacritics; communes filter by province', async () => {
  const r = await get('/api/v1/admin-units?level=commune&at=2026-01-01&province=2:01&name=ba%20dinh');
  assert.deepEqual(r.body.items.map((u: { name: string }) => u.name), ['Phường Ba Đình']);
});

test('an old commune leads to the new one(s), marked partial when split', async () => {
  const whole = await get('/api/v1/admin-units/1:00001');
  assert.equal(whole.body.name, 'Phường Phúc Xá');
  assert.deepEqual(whole.body.successors, [{ id: '2:00097', name: 'Phường Hồng Hà', partial: false }]);
  const split = await get('/api/v1/admin-units/1:00007');
  assert.equal(split.body.successors.length, 2);
  assert.ok(split.body.successors.every((s: { partial: boolean }) => s.partial));
  const back = await get('/api/v1/admin-units/2:00004');
  assert.ok(back.body.predecessors.some((p: { name: string }) => p.name === 'Phường Trúc Bạch'));
});

test('bad query parameters are 400 with the failing field', async () => {
  const r = await get('/api/v1/admin-units?level=district&at=2024-13-45');
  assert.equal(r.status, 400);
  const pointers = r.body.errors.map((e: { pointer: string }) => e.pointer);
  assert.ok(pointers.includes('/querystring/level'), pointers.join());
  assert.ok(pointers.includes('/querystring/at'), pointers.join());
  const missing = await get('/api/v1/admin-units/1:99999');
  assert.equal(missing.status, 404);
});
