import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { SEARCH_THRESHOLDS } from './service.ts';
import { searchPersons } from './sql.ts';
import { adult, BA_DINH, client, HONG_HA, THU_DAU_MOT } from './test-helpers.ts';

let t: TestApp;
let central: string;
let c: ReturnType<typeof client>;
const ids: Record<string, string> = {};
before(async () => {
  t = await createTestApp();
  central = (await t.officer('central')).authorization;
  c = client(t);
  const people = [
    ['Lê Văn Tám', 'male', '1980-08-08', BA_DINH],
    ['Lê Thị Ý', 'female', '1982-08-08', BA_DINH],
    ['Vũ Lê Minh', 'male', '1985-08-08', HONG_HA],
    ['Nguyễn Văn An', 'male', '1990-01-01', BA_DINH],
    ['Nguyễn Văn Anh', 'male', '1991-02-02', BA_DINH],
    ['Nguyễn Thị An', 'female', '1990-01-01', THU_DAU_MOT],
    ['Trần Văn Bình', 'male', '1990-01-01', HONG_HA],
    ['Đặng Thùy Dương', 'female', '1995-05-05', HONG_HA],
  ] as const;
  for (const [fullName, sex, birthDate, unitId] of people) ids[fullName] = (await adult(t, central, { fullName, sex, birthDate, unitId })).idNumber;
});
after(async () => { await t.close(); });

const names = (r: { body: { items: { fullName: string }[] } }) => r.body.items.map((i) => i.fullName);
const search = (q: string, auth = central) => c.get(`/persons?${q}`, auth);

test('search ignores diacritics and case, ranks the closest name first', async () => {
  const plain = await search('name=nguyen%20van%20an');
  assert.equal(plain.status, 200);
  assert.equal(names(plain)[0], 'Nguyễn Văn An');
  const accented = await search(`name=${encodeURIComponent('NGUYỄN VĂN AN')}`);
  assert.deepEqual(names(accented), names(plain));
  const dd = await search(`name=${encodeURIComponent('dang thuy duong')}`);
  assert.deepEqual(names(dd), ['Đặng Thùy Dương']);
  assert.ok(plain.body.items[0].score > 0.9);
  assert.equal(plain.body.items[0].currentResidence.id, BA_DINH);
});

test('search tolerates typos', async () => {
  assert.equal(names(await search('name=nguyen%20van%20ann'))[0], 'Nguyễn Văn An');
  assert.equal(names(await search('name=ngyuen%20van%20an'))[0], 'Nguyễn Văn An');
  assert.deepEqual(names(await search('name=tran%20van%20binh')), ['Trần Văn Bình']);
  assert.ok(names(await search('name=tran%20vn%20bnh')).includes('Trần Văn Bình'));
});

test('the stricter thresholds change only the cost: the answer is the loosest threshold\'s alone', async () => {
  const loosest = SEARCH_THRESHOLDS.at(-1)!;
  for (const name of ['nguyen van an', 'Nguyễn Văn Anh', 'nguyen van', 'tran van bnh', 'dang thuy duong', 'nguyen thi', 'an']) {
    for (const limit of [1, 2, 5]) {
      const tried = await searchPersons(t.services.sql, { name, thresholds: SEARCH_THRESHOLDS, limit });
      const alone = await searchPersons(t.services.sql, { name, thresholds: [loosest], limit });
      assert.deepEqual(tried, alone, `${name}, limit ${limit}`);
    }
  }
});

test('date of birth and province narrow the results', async () => {
  const byDate = await search('name=nguyen%20an&birthDate=1990-01-01');
  assert.deepEqual(names(byDate).sort(), ['Nguyễn Thị An', 'Nguyễn Văn An']);
  const byProvince = await search('name=nguyen%20an&birthDate=1990-01-01&province=2:79');
  assert.deepEqual(names(byProvince), ['Nguyễn Thị An']);
  const none = await search('name=nguyen%20van%20an&birthDate=2001-01-01');
  assert.deepEqual(names(none), []);
});

test('results are limited to the officer\'s jurisdiction in the query itself', async () => {
  const commune = await t.officer('commune', BA_DINH);
  const r = await search('name=nguyen%20an&limit=1', commune.authorization);
  assert.deepEqual(names(r), ['Nguyễn Văn An']);
  const hcm = await t.officer('province', '2:79');
  assert.deepEqual(names(await search('name=nguyen%20an', hcm.authorization)), ['Nguyễn Thị An']);
  assert.deepEqual(names(await search('name=nguyen%20an&province=2:01', hcm.authorization)), []);
});

test('every person returned is audited; queries without a letter or with bad filters are 400', async () => {
  const r = await search('name=tran%20van%20binh', central);
  assert.equal(r.body.items.length, 1);
  const audited = await t.db.sql`select details from audit_log where action = 'person.search' and subject = ${ids['Trần Văn Bình']!}`;
  assert.ok(audited.length >= 1);
  const noLetter = await search('name=%2012-3%20');
  assert.equal(noLetter.status, 400);
  assert.equal(noLetter.body.errors[0].pointer, '/querystring/name');
  const bad = await search('name=nguyen&birthDate=1990-13-01&limit=1000&province=01');
  assert.equal(bad.status, 400);
  const pointers = bad.body.errors.map((e: { pointer: string }) => e.pointer).sort();
  assert.deepEqual(pointers, ['/querystring/birthDate', '/querystring/limit', '/querystring/province']);
});

test('a syllable of any length is a query: two-letter family names, one-letter given names, whole words first, pages', async () => {
  assert.deepEqual(names(await search(`name=${encodeURIComponent('Lê')}`)).slice(0, 3).sort(), ['Lê Thị Ý', 'Lê Văn Tám', 'Vũ Lê Minh']);
  assert.deepEqual(names(await search('name=vu')), ['Vũ Lê Minh']);
  assert.deepEqual(names(await search(`name=${encodeURIComponent('Ý')}`))[0], 'Lê Thị Ý');
  // Narrowed by birth date, and by the commune officer's own commune.
  assert.deepEqual(names(await search('name=le&birthDate=1985-08-08')), ['Vũ Lê Minh']);
  const commune = await t.officer('commune', BA_DINH);
  assert.deepEqual(names(await search('name=le', commune.authorization)).slice(0, 2).sort(), ['Lê Thị Ý', 'Lê Văn Tám']);
  // Pages: limit 1, offsets 0, 1, 2 give the three bearers of the syllable in ranking order, once each.
  const pages = [];
  for (const offset of [0, 1, 2]) {
    const r = await search(`name=le&limit=1&offset=${offset}`);
    assert.equal(r.body.offset, offset);
    assert.ok(r.body.items[0].wholeWords);
    pages.push(...names(r));
  }
  assert.deepEqual([...pages].sort(), ['Lê Thị Ý', 'Lê Văn Tám', 'Vũ Lê Minh']);
});
