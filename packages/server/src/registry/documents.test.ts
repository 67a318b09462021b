// The person document is never stale: random sequences of life events, applied through the HTTP
// API as an officer would, and after each one every stored document equals the view computed from
// the tables (person_document_view) — the relatives' changes included: a child's birth shows in
// the parents' documents, a name correction in the children's, spouse's and household members',
// a head's move in the members'. And what GET /persons/{id} answers is the document.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { holds } from '../testing/properties.ts';
import { lookupPerson } from './sql.ts';
import { adult, BA_DINH, client, HONG_HA, staleDocuments } from './test-helpers.ts';

let t: TestApp;
let central: string;
let c: ReturnType<typeof client>;
const people: { idNumber: string; sex: 'male' | 'female' }[] = [];
const households: string[] = [];
let births = 0;

before(async () => {
  t = await createTestApp();
  central = (await t.officer('central')).authorization;
  c = client(t);
  const names = ['Phạm Văn Hải', 'Phạm Thị Lan', 'Hoàng Văn Nam', 'Hoàng Thị Mai', 'Đỗ Văn Quang', 'Đỗ Thị Hạnh', 'Vũ Văn Sơn', 'Vũ Thị Thu'];
  for (const [i, fullName] of names.entries()) {
    const sex = i % 2 === 0 ? 'male' : 'female';
    const p = await adult(t, central, { fullName, sex, birthDate: `19${70 + i}-0${1 + (i % 9)}-1${i}`, unitId: i < 4 ? BA_DINH : HONG_HA });
    people.push({ idNumber: p.idNumber, sex });
  }
  for (const head of [people[0]!, people[4]!]) {
    const h = await c.post('/households', central, { headIdNumber: head.idNumber, unitId: BA_DINH, address: 'Số 8 phố Kiểm Thử', legalBasis: 'Đăng ký thường trú 8/2026' });
    households.push(h.body.id);
  }
});
after(async () => { await t.close(); });

const legalBasis = 'Căn cứ kiểm thử hồ sơ 1/2026';
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hoa', 'Khánh', 'Linh'];

type Op =
  | { kind: 'birth'; mother: number; father: number; household: boolean }
  | { kind: 'marriage'; a: number; b: number }
  | { kind: 'divorce'; a: number }
  | { kind: 'death'; a: number }
  | { kind: 'rename'; a: number; name: number }
  | { kind: 'nationality'; a: number; foreign: boolean }
  | { kind: 'move'; a: number; household: number; commune: boolean }
  | { kind: 'join'; a: number; household: number }
  | { kind: 'leave'; a: number; household: number }
  | { kind: 'newHousehold'; a: number }
  | { kind: 'representative'; a: number; b: number };

const index = fc.nat({ max: 63 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('birth' as const), mother: index, father: index, household: fc.boolean() }),
  fc.record({ kind: fc.constant('marriage' as const), a: index, b: index }),
  fc.record({ kind: fc.constant('divorce' as const), a: index }),
  fc.record({ kind: fc.constant('death' as const), a: index }),
  fc.record({ kind: fc.constant('rename' as const), a: index, name: fc.nat({ max: GIVEN.length - 1 }) }),
  fc.record({ kind: fc.constant('nationality' as const), a: index, foreign: fc.boolean() }),
  fc.record({ kind: fc.constant('move' as const), a: index, household: index, commune: fc.boolean() }),
  fc.record({ kind: fc.constant('join' as const), a: index, household: index }),
  fc.record({ kind: fc.constant('leave' as const), a: index, household: index }),
  fc.record({ kind: fc.constant('newHousehold' as const), a: index }),
  fc.record({ kind: fc.constant('representative' as const), a: index, b: index }),
);

const pick = <T>(list: T[], i: number): T => list[i % list.length]!;
const ofSex = (sex: 'male' | 'female', i: number) => pick(people.filter((p) => p.sex === sex), i);

/** Applies one event through the API. Refusals (a dead person, an unmarried divorce, …) are fine. */
async function apply(o: Op): Promise<number> {
  const id = (i: number) => pick(people, i).idNumber;
  switch (o.kind) {
    case 'birth': {
      const sex = births++ % 2 === 0 ? 'male' : 'female';
      const r = await c.post('/births', central, {
        fullName: `Phạm ${pick(GIVEN, births)} Con`, sex, birthDate: '2026-06-01', placeOfBirth: 'Hà Nội', birthRegistrationUnitId: BA_DINH,
        motherIdNumber: ofSex('female', o.mother).idNumber, fatherIdNumber: ofSex('male', o.father).idNumber, ethnicity: 'Kinh', legalBasis,
        ...(o.household ? {} : { permanentResidence: { unitId: BA_DINH, address: 'Số 9 phố Kiểm Thử' } }),
      });
      if (r.status === 201) people.push({ idNumber: r.body.idNumber, sex });
      return r.status;
    }
    case 'marriage': return (await c.post(`/persons/${ofSex('male', o.a).idNumber}/marriage`, central, { spouseIdNumber: ofSex('female', o.b).idNumber, date: '2026-07-01', legalBasis })).status;
    case 'divorce': return (await c.post(`/persons/${id(o.a)}/divorce`, central, { date: '2026-08-01', legalBasis })).status;
    case 'death': return (await c.post(`/persons/${id(o.a)}/death`, central, { date: '2026-09-01', legalBasis })).status;
    case 'rename':
    case 'nationality':
    case 'representative': {
      const who = id(o.a);
      const now = await c.get(`/persons/${who}`, central);
      const body = o.kind === 'rename' ? { fullName: `Phạm Văn ${pick(GIVEN, o.name)}` }
        : o.kind === 'nationality' ? { nationality: o.foreign ? 'LAO' : 'VNM' } : { legalRepresentativeIdNumber: id(o.b) };
      return (await c.patch(`/persons/${who}`, central, { ...body, legalBasis }, { 'if-match': `"${now.body.version}"` })).status;
    }
    case 'move': return (await c.post(`/persons/${id(o.a)}/residence`, central, {
      kind: 'permanent', unitId: o.commune ? HONG_HA : BA_DINH, address: 'Số 10 phố Kiểm Thử', date: '2026-10-01', legalBasis,
      ...(o.commune ? {} : { householdId: pick(households, o.household), relationshipToHead: 'Em' }),
    })).status;
    case 'join': return (await c.post(`/households/${pick(households, o.household)}/members`, central, { idNumber: id(o.a), relationshipToHead: 'Cháu', legalBasis })).status;
    case 'leave': return (await c.post(`/households/${pick(households, o.household)}/members/${id(o.a)}/removal`, central, { legalBasis })).status;
    case 'newHousehold': {
      const r = await c.post('/households', central, { headIdNumber: id(o.a), unitId: BA_DINH, address: 'Số 11 phố Kiểm Thử', legalBasis });
      if (r.status === 201) households.push(r.body.id);
      return r.status;
    }
  }
}

test('after every event of random sequences, every person\'s document equals the view computed from the tables', { timeout: 600_000 }, async () => {
  let applied = 0;
  await holds(fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
    for (const o of ops) {
      const status = await apply(o);
      assert.ok(status < 500, `${JSON.stringify(o)} answered ${status}`);
      if (status < 300) applied++;
      const stale = await staleDocuments(t.db.sql);
      assert.deepEqual(stale, [], `after ${JSON.stringify(o)} (${status}) these documents are stale: ${stale.join(', ')}`);
    }
  }), { numRuns: 12, seed: 20261204 });
  assert.ok(applied > 40, `only ${applied} events were recorded: the sequences must exercise the write path`);
});

test('what GET /persons/{id} answers is the stored document', async () => {
  for (const p of people.slice(0, 10)) {
    const res = await c.get(`/persons/${p.idNumber}`, central);
    const row = await lookupPerson(t.db.sql, p.idNumber);
    assert.deepEqual(res.body.children, row!.document.children);
    assert.equal(res.body.household?.fileNumber ?? null, row!.document.household?.fileNumber ?? null);
    assert.equal(res.body.spouse?.fullName ?? null, row!.document.spouse?.fullName ?? row!.spouse_name ?? null);
  }
});
