// Each data-quality rule with a violating and a conforming case (issue 19). Records are made through
// the API wherever the API accepts them; what the register refuses today (a death before the birth,
// a parent younger than the child, …) is what older data holds, so those records are made through
// the API and then given the error in SQL — "legacy" below — as a migration from an older system
// would have left them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { unitIndex } from '../admin-units/service.ts';
import { todayInVietnam } from '../calendar.ts';
import { BA_DINH, client, HONG_HA, registered } from '../registry/test-helpers.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { detectDuplicates } from './dedup/detect.ts';
import { RULE_BY_CODE, RULES } from './rules/index.ts';
import { insertFindings, insertRun } from './sql.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
const legalBasis = 'Căn cứ kiểm thử số 19';
/** A commune of before 2025 abolished without a successor (none was, in 2025: made up here). */
const ORPHAN_UNIT = '1:99999';

before(async () => {
  t = await createTestApp();
  // Before anything reads the unit index (it is loaded once per database client).
  await t.db.sql`insert into admin_unit (id, generation, level, code, name, province_id, valid_from, valid_to)
                 values (${ORPHAN_UNIT}, 1, 'commune', '99999', 'Xã Không Còn', '1:01', null, '2025-06-30')`;
  c = client(t);
  central = (await t.officer('central')).authorization;
});
after(async () => { await t.close(); });

let n = 0;
const born = (body: Record<string, unknown> = {}) => registered(t, central, {
  fullName: `Người Kiểm Thử ${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + ((n++ / 26) | 0) % 26)}`, birthDate: '1980-01-01', ...body,
});

/** Gives a record an error the register would refuse today (data from an older system). */
const legacy = (q: Promise<unknown>) => q;

async function household(head: string): Promise<string> {
  const r = await c.post('/households', central, { headIdNumber: head, unitId: BA_DINH, address: 'Số 1 phố Hộ Khẩu', legalBasis });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

async function join(householdId: string, idNumber: string, relationshipToHead = 'Con'): Promise<void> {
  const r = await c.post(`/households/${householdId}/members`, central, { idNumber, relationshipToHead, legalBasis });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** Runs one rule over the register; returns the persons and households it reports. */
async function found(code: string): Promise<{ persons: Set<string>; households: Set<string> }> {
  const rule = RULE_BY_CODE.get(code)!;
  const runId = await insertRun(t.db.sql, { actor: 'test', checks: ['rules'] });
  await insertFindings(t.db.sql, {
    runId, code, ruleSql: rule.sql, today: todayInVietnam(), unitsWithoutSuccessor: (await unitIndex(t.db.sql)).withoutSuccessor(),
  });
  const rows = await t.db.sql<{ id_number: string | null; household_id: string | null }[]>`
    select id_number, household_id::text from quality_finding where run_id = ${runId}`;
  return {
    persons: new Set(rows.flatMap((r) => (r.id_number ? [r.id_number] : []))),
    households: new Set(rows.flatMap((r) => (r.household_id ? [r.household_id] : []))),
  };
}

function reports(f: { persons: Set<string> }, violating: string[], conforming: string[]): void {
  for (const id of violating) assert.ok(f.persons.has(id), `${id} is reported`);
  for (const id of conforming) assert.ok(!f.persons.has(id), `${id} is not reported`);
}

test('the catalogue: one rule per file, stable unique codes, both languages', () => {
  assert.equal(new Set(RULES.map((r) => r.code)).size, RULES.length);
  for (const r of RULES) {
    assert.match(r.code, /^DQ-\d{3}$/);
    assert.match(r.name, /^[a-z0-9-]+$/);
    assert.ok(r.message.vi.length > 0 && r.message.en.length > 0);
  }
});

test('DQ-001 missing-birth-fields: a record without a native place', async () => {
  const ok = await born();
  const bad = await born({ nativePlace: undefined }); // no parent to take it from
  reports(await found('DQ-001'), [bad], [ok]);
});

test('DQ-002 minor-without-parent: a child with no parent on record', async () => {
  const mother = await born({ sex: 'female', birthDate: '1990-01-01' });
  const ok = await born({ birthDate: '2020-05-05', motherIdNumber: mother });
  const bad = await born({ birthDate: '2020-05-06' });
  const adult = await born({ birthDate: '1990-05-06' });
  reports(await found('DQ-002'), [bad], [ok, adult]);
});

test('DQ-003 card-missing-at-14: an adult with no card or old ID on record', async () => {
  const ok = await born();
  assert.equal((await c.patch(`/persons/${ok}`, central, { oldIdNumber: '012345678', legalBasis }, { 'if-match': '"1"' })).status, 200);
  const young = await born({ birthDate: '2016-01-01' });
  const bad = await born();
  reports(await found('DQ-003'), [bad], [ok, young]);
});

test('DQ-004 death-before-birth', async () => {
  const ok = await born();
  assert.equal((await c.post(`/persons/${ok}/death`, central, { date: '2020-02-02', legalBasis })).status, 200);
  const bad = await born();
  await legacy(t.db.sql`update person set death_date = '1979-12-01' where id_number = ${bad}`);
  reports(await found('DQ-004'), [bad], [ok]);
});

test('DQ-005 date-in-future: a death recorded ahead of time', async () => {
  const ok = await born();
  const bad = await born();
  await legacy(t.db.sql`update person set death_date = current_date + 30 where id_number = ${bad}`);
  reports(await found('DQ-005'), [bad], [ok]);
});

test('DQ-006 child-older-than-parent: a wrong father linked', async () => {
  const father = await born({ birthDate: '1960-01-01' });
  const ok = await born({ birthDate: '1985-01-01', fatherIdNumber: father });
  const younger = await born({ birthDate: '1995-01-01' });
  const bad = await born({ birthDate: '1985-02-01', fatherIdNumber: father });
  await legacy(t.db.sql`update person set father_id = ${younger} where id_number = ${bad}`);
  reports(await found('DQ-006'), [bad], [ok]);
});

test('DQ-007 parent-dead-before-birth: the mother dead before the birth; a father dead 100 days before is possible', async () => {
  const father = await born({ birthDate: '1960-01-01' });
  assert.equal((await c.post(`/persons/${father}/death`, central, { date: '1999-09-20', legalBasis })).status, 200);
  const ok = await born({ birthDate: '1999-12-29', fatherIdNumber: father });
  const mother = await born({ sex: 'female', birthDate: '1970-01-01' });
  const bad = await born({ birthDate: '2001-01-01', motherIdNumber: mother });
  await legacy(t.db.sql`update person set death_date = '2000-06-01' where id_number = ${mother}`);
  reports(await found('DQ-007'), [bad], [ok]);
});

test('DQ-008 marriage-under-age', async () => {
  const husband = await born({ birthDate: '1990-01-01' });
  const wife = await born({ sex: 'female', birthDate: '1995-01-01' });
  assert.equal((await c.post(`/persons/${husband}/marriage`, central, { spouseIdNumber: wife, date: '2020-01-01', legalBasis })).status, 200);
  const bad = await born({ sex: 'female', birthDate: '2011-01-01' });
  await legacy(t.db.sql`update person set marital_status = 'married', spouse_name = 'Nguyễn Văn Bình' where id_number = ${bad}`);
  reports(await found('DQ-008'), [bad], [husband, wife]);
});

test('DQ-009 unit-without-successor: a residence under an abolished unit that has no successor', async () => {
  const ok = await born({ permanentResidence: { unitId: '1:00001', address: 'Số 1 phố Phúc Xá' }, registrationDate: '2020-01-01', birthRegistrationUnitId: '1:00001' });
  const bad = await born();
  await legacy(t.db.sql`update person set permanent_unit_id = ${ORPHAN_UNIT} where id_number = ${bad}`);
  const unplaced = await born();
  await legacy(t.db.sql`update person set current_commune_id = null where id_number = ${unplaced}`);
  reports(await found('DQ-009'), [bad, unplaced], [ok]);
});

test('DQ-010 household-without-head: the head left, members remain', async () => {
  const head = await born();
  const okHousehold = await household(head);
  const head2 = await born();
  const badHousehold = await household(head2);
  await join(badHousehold, await born());
  assert.equal((await c.post(`/households/${badHousehold}/members/${head2}/removal`, central, { legalBasis })).status, 200);
  const f = await found('DQ-010');
  assert.ok(f.households.has(badHousehold));
  assert.ok(!f.households.has(okHousehold));
});

test('DQ-011 household-with-two-heads', async () => {
  const okHousehold = await household(await born());
  await join(okHousehold, await born(), 'Con');
  const badHousehold = await household(await born());
  const second = await born();
  await join(badHousehold, second, 'Con');
  await legacy(t.db.sql`update person set relationship_to_head = 'Chủ hộ' where id_number = ${second}`);
  const f = await found('DQ-011');
  assert.ok(f.households.has(badHousehold));
  assert.ok(!f.households.has(okHousehold));
});

test('DQ-012 person-in-two-households: the head of one household is a member of another', async () => {
  const ok = await born();
  await household(ok);
  const bad = await born();
  await household(bad);
  const other = await household(await born());
  await legacy(t.db.sql`update household set head_id = ${bad} where id = ${other}`);
  reports(await found('DQ-012'), [bad], [ok]);
});

test('DQ-013 conflicting-parents: a father who is a woman, a father\'s name that is not his', async () => {
  const father = await born({ birthDate: '1960-01-01' });
  const ok = await born({ birthDate: '1990-01-01', fatherIdNumber: father });
  const woman = await born({ sex: 'female', birthDate: '1960-01-01' });
  const badSex = await born({ birthDate: '1990-01-01', fatherIdNumber: father });
  await legacy(t.db.sql`update person set father_id = ${woman} where id_number = ${badSex}`);
  const badName = await born({ birthDate: '1990-01-01', fatherIdNumber: father });
  await legacy(t.db.sql`update person set father_name = 'Trần Văn Khác' where id_number = ${badName}`);
  reports(await found('DQ-013'), [badSex, badName], [ok]);
});

test('DQ-014 old-id-shared: one CMND number on two persons', async () => {
  const ok = await born();
  const [a, b] = [await born(), await born()];
  for (const [id, number] of [[ok, '111222333'], [a, '444555666'], [b, '444555666']] as const) {
    assert.equal((await c.patch(`/persons/${id}`, central, { oldIdNumber: number, legalBasis }, { 'if-match': '"1"' })).status, 200);
  }
  reports(await found('DQ-014'), [a, b], [ok]);
});

test('DQ-015 spouse-inconsistent: married without a spouse; a spouse who does not name them back', async () => {
  const husband = await born({ birthDate: '1985-01-01' });
  const wife = await born({ sex: 'female', birthDate: '1986-01-01' });
  assert.equal((await c.post(`/persons/${husband}/marriage`, central, { spouseIdNumber: wife, date: '2015-01-01', legalBasis })).status, 200);
  const alone = await born();
  await legacy(t.db.sql`update person set marital_status = 'married' where id_number = ${alone}`);
  const h2 = await born({ birthDate: '1985-01-01' });
  const w2 = await born({ sex: 'female', birthDate: '1986-01-01' });
  assert.equal((await c.post(`/persons/${h2}/marriage`, central, { spouseIdNumber: w2, date: '2015-01-01', legalBasis })).status, 200);
  await legacy(t.db.sql`update person set spouse_id = null, spouse_name = 'Người Khác' where id_number = ${w2}`);
  reports(await found('DQ-015'), [alone, h2], [husband, wife]);
});

test('DQ-016 id-number-mismatch: a sex that disagrees with the number', async () => {
  const ok = await born();
  const bad = await born();
  await legacy(t.db.sql`update person set sex = 'female' where id_number = ${bad}`);
  reports(await found('DQ-016'), [bad], [ok]);
});

test('DQ-017 probable-duplicate: two records of one person in the same-person band', async () => {
  const lone = await born({ fullName: 'Mạc Đăng Dung', birthDate: '1977-07-07' });
  const a = await born({ fullName: 'Kiều Thị Nguyệt', sex: 'female', birthDate: '1977-07-07' });
  const b = await born({ fullName: 'Kieu Thi Nguyet', sex: 'female', birthDate: '1977-07-07', permanentResidence: { unitId: HONG_HA, address: 'Số 2 phố Hàng Bài' } });
  for (const id of [a, b]) assert.equal((await c.patch(`/persons/${id}`, central, { phone: '0987654321', legalBasis }, { 'if-match': '"1"' })).status, 200);
  await detectDuplicates(t.db.sql, { runId: await insertRun(t.db.sql, { actor: 'test', checks: ['duplicates'] }), concurrency: 1 });
  reports(await found('DQ-017'), [a, b], [lone]);
});
