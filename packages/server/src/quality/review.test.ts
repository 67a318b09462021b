// The review queues follow jurisdiction (docs/security.md): a pair of two persons of one commune is
// that commune's, a pair across two communes of a province the province's, a pair across
// provinces the central queue's; an officer opens or decides only pairs whose two persons both live
// in their jurisdiction, and every person shown is audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BA_DINH, client, HONG_HA, registered, THU_DAU_MOT } from '../registry/test-helpers.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { detectDuplicates } from './dedup/detect.ts';
import { insertRun } from './sql.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
const auth: Record<string, string> = {};
const pairs: Record<'commune' | 'province' | 'country', { id: string; persons: string[] }> = {} as never;
const legalBasis = 'Căn cứ kiểm thử hàng đợi';

const born = (fullName: string, birthDate: string, unitId: string) => registered(t, auth.central!, {
  fullName, sex: 'female', birthDate, placeOfBirth: 'Bệnh viện Từ Dũ', permanentResidence: { unitId, address: `Số ${fullName.length} đường ${unitId}` },
});

before(async () => {
  t = await createTestApp();
  c = client(t);
  auth.central = (await t.officer('central')).authorization;
  auth.baDinh = (await t.officer('commune', BA_DINH)).authorization;
  auth.hongHa = (await t.officer('commune', HONG_HA)).authorization;
  auth.hanoi = (await t.officer('province', '2:01')).authorization;
  auth.hcm = (await t.officer('province', '2:79')).authorization;
  const make = async (key: keyof typeof pairs, name: string, date: string, units: [string, string]) => {
    const persons = [await born(name, date, units[0]), await born(name, date, units[1])];
    pairs[key] = { id: '', persons };
  };
  await make('commune', 'Đoàn Thị Điểm', '1970-01-02', [BA_DINH, BA_DINH]);
  await make('province', 'Hồ Xuân Hương', '1971-02-03', [BA_DINH, HONG_HA]);
  await make('country', 'Bà Huyện Thanh Quan', '1972-03-04', [BA_DINH, THU_DAU_MOT]);
  await detectDuplicates(t.db.sql, { runId: await insertRun(t.db.sql, { actor: 'test', checks: ['duplicates'] }), concurrency: 1 });
  for (const p of Object.values(pairs)) {
    const [a, b] = [...p.persons].sort();
    const [row] = await t.db.sql<{ id: string }[]>`select id::text from quality_pair where a = ${a!} and b = ${b!}`;
    assert.ok(row);
    p.id = row.id;
  }
});
after(async () => { await t.close(); });

const queue = async (who: string, query = '') => {
  const r = await c.get(`/quality/pairs?limit=100${query}`, auth[who]!);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body.items as { id: string }[]).map((i) => i.id).sort();
};
const ids = (...keys: (keyof typeof pairs)[]) => keys.map((k) => pairs[k].id).sort();

test('each queue holds the pairs whose two persons live in the jurisdiction', async () => {
  assert.deepEqual(await queue('baDinh'), ids('commune'));
  assert.deepEqual(await queue('hongHa'), []);
  assert.deepEqual(await queue('hanoi'), ids('commune', 'province'));
  assert.deepEqual(await queue('hanoi', `&commune=${encodeURIComponent(BA_DINH)}`), ids('commune'));
  assert.deepEqual(await queue('hcm'), []);
  assert.deepEqual(await queue('central'), ids('commune', 'province', 'country'));
  assert.deepEqual(await queue('central', '&province=2:79'), []);
});

test('a pair is opened only by officers whose jurisdiction holds both persons; every person shown is audited', async () => {
  const expect = { baDinh: ['commune'], hongHa: [], hanoi: ['commune', 'province'], hcm: [], central: ['commune', 'province', 'country'] };
  for (const [who, allowed] of Object.entries(expect)) {
    for (const key of ['commune', 'province', 'country'] as const) {
      const r = await c.get(`/quality/pairs/${pairs[key].id}`, auth[who]!);
      assert.equal(r.status, (allowed as string[]).includes(key) ? 200 : 403, `${who} opens the ${key} pair`);
    }
  }
  const listed = await c.get('/quality/pairs?limit=100', auth.hanoi!);
  const entries = await t.db.sql<{ action: string; subject: string }[]>`select action, subject from audit_log where request_id = ${listed.headers['x-request-id'] as string}`;
  assert.deepEqual(entries.map((e) => e.subject).sort(), [...pairs.commune.persons, ...pairs.province.persons].sort());
  assert.ok(entries.every((e) => e.action === 'quality.pair.read'));
});

test('deciding: the survivor must be one of the pair; a retry with the same key merges once', async () => {
  const p = pairs.province;
  const wrong = await c.post(`/quality/pairs/${p.id}/decision`, auth.hanoi!, { decision: 'confirm', survivorIdNumber: pairs.commune.persons[0], legalBasis });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.errors[0].pointer, '/body/survivorIdNumber');
  const outside = await c.post(`/quality/pairs/${p.id}/decision`, auth.baDinh!, { decision: 'confirm', survivorIdNumber: p.persons[0], legalBasis });
  assert.equal(outside.status, 403);
  const body = { decision: 'confirm', survivorIdNumber: p.persons[0], legalBasis };
  const first = await c.post(`/quality/pairs/${p.id}/decision`, auth.hanoi!, body, { 'idempotency-key': 'decide-province-pair-1' });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const retry = await c.post(`/quality/pairs/${p.id}/decision`, auth.hanoi!, body, { 'idempotency-key': 'decide-province-pair-1' });
  assert.equal(retry.status, 200, JSON.stringify(retry.body));
  assert.equal(retry.body.status, 'merged');
  assert.equal(retry.body.merge.id, first.body.merge.id);
  const [{ merges }] = await t.db.sql<{ merges: number }[]>`select count(*)::int as merges from person_merge where survivor = ${p.persons[0]!}`;
  assert.equal(merges, 1);
  // The merged pair leaves the queues.
  assert.deepEqual(await queue('hanoi'), ids('commune'));
});
