// Duplicate detection: each kind of error a second registration carries is found and explained;
// namesakes are told apart by what differs; a decided pair is never proposed again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { withoutDiacritics, typo } from '../population/dirt.ts';
import { Random } from '../population/random.ts';
import { client, HONG_HA, registered } from '../registry/test-helpers.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { CANDIDATES, swappedDates } from './dedup/blocking.ts';
import { detectDuplicates } from './dedup/detect.ts';
import { bandOf, THRESHOLDS } from './dedup/scoring.ts';
import { insertRun } from './sql.ts';

test('swapped dates: the days of a range whose day and month can be exchanged, and their exchange', () => {
  const { dates, swapped } = swappedDates('1990-03-01', '1990-04-01');
  assert.deepEqual(dates, ['1990-03-01', '1990-03-02']);
  assert.deepEqual(swapped, ['1990-01-03', '1990-02-03']);
  const year = swappedDates('2001-01-01', '2002-01-01');
  assert.equal(year.dates.length, 66); // day < month ≤ 12
  assert.ok(year.swapped.every((d, i) => d.slice(5, 7) === year.dates[i]!.slice(8) && d.slice(8) === year.dates[i]!.slice(5, 7)));
});

test('planted errors: names without diacritics, and one-letter typos that stay valid names', () => {
  assert.equal(withoutDiacritics('Nguyễn Thị Đào'), 'Nguyen Thi Dao');
  const rng = new Random(7);
  for (let i = 0; i < 200; i++) {
    const name = 'Phạm Thị Hồng Nhung';
    const t = typo(name, rng);
    assert.notEqual(t, name);
    assert.match(t, /^(\p{Lu}\p{Ll}*)( \p{Lu}\p{Ll}*)*$/u, t);
    assert.ok(Math.abs([...t].length - [...name].length) <= 1, t);
  }
});

test('bands follow the thresholds', () => {
  assert.equal(bandOf(THRESHOLDS.same), 'same');
  assert.equal(bandOf(THRESHOLDS.same - 0.5), 'review');
  assert.equal(bandOf(THRESHOLDS.review), 'review');
  assert.equal(bandOf(THRESHOLDS.review - 0.5), 'different');
});

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
const legalBasis = 'Căn cứ kiểm thử trùng lặp';
before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
});
after(async () => { await t.close(); });

async function born(body: Record<string, unknown>, patch: Record<string, unknown> = {}): Promise<string> {
  const id = await registered(t, central, body);
  if (Object.keys(patch).length > 0) assert.equal((await c.patch(`/persons/${id}`, central, { ...patch, legalBasis }, { 'if-match': '"1"' })).status, 200);
  return id;
}

async function detect() {
  return detectDuplicates(t.db.sql, { runId: await insertRun(t.db.sql, { actor: 'test', checks: ['duplicates'] }), concurrency: 2 });
}

async function pair(x: string, y: string) {
  const [a, b] = [x, y].sort();
  const [row] = await t.db.sql<{ id: string }[]>`select id::text from quality_pair where a = ${a!} and b = ${b!}`;
  if (!row) return undefined;
  return (await c.get(`/quality/pairs/${row.id}`, central)).body as {
    id: string; band: string; score: number; status: string; via: string; explanation: { field: string; level: string; weight: number }[];
  };
}
const level = (p: { explanation: { field: string; level: string }[] }, field: string) => p.explanation.find((e) => e.field === field)?.level;

test('blocking reads its keys from the index person_dedup_block (migration 070) instead of computing them', async () => {
  // The keys are spelt in blocking.ts as in the index; a difference would leave the index unused.
  const { dates, swapped } = swappedDates('1980-01-01', '1990-01-01');
  const plan = await t.db.sql.begin(async (tx) => {
    // A test register is small enough to scan whole; the plan a register of millions gets is the question.
    await tx.unsafe('set local enable_seqscan = off; set local enable_bitmapscan = off');
    return tx.unsafe<{ 'QUERY PLAN': string }[]>(`explain (costs off) with ${CANDIDATES} select count(*) from candidates`,
      ['1980-01-01', '1990-01-01', dates, swapped] as never[]);
  }) as { 'QUERY PLAN': string }[];
  const text = plan.map((r) => r['QUERY PLAN']).join('\n');
  assert.match(text, /Index Only Scan using person_dedup_block/, text);
});

test('each error of a second registration is found, scored and explained', async () => {
  const phone = { phone: '0901111222' };
  const base = await born({ fullName: 'Lương Văn Thắng', birthDate: '1982-03-04' }, phone);
  const unaccented = await born({ fullName: 'Luong Van Thang', birthDate: '1982-03-04', permanentResidence: { unitId: HONG_HA, address: 'Số 7 phố Tràng Thi' } }, phone);
  const swapped = await born({ fullName: 'Lương Văn Thắng', birthDate: '1982-04-03', permanentResidence: { unitId: HONG_HA, address: 'Số 8 phố Tràng Thi' } }, phone);
  const firstLetter = await born({ fullName: 'Lương Văn Khắng', birthDate: '1982-03-04', permanentResidence: { unitId: HONG_HA, address: 'Số 9 phố Tràng Thi' } }, phone);
  const husband = await born({ fullName: 'Phạm Văn Long', birthDate: '1975-01-01' });
  const wife = await born({ fullName: 'Trần Thị Hoa', sex: 'female', birthDate: '1978-08-08' }, { oldIdNumber: '022333444' });
  assert.equal((await c.post(`/persons/${husband}/marriage`, central, { spouseIdNumber: wife, date: '2000-01-01', legalBasis })).status, 200);
  const married = await born({ fullName: 'Phạm Thị Hoa', sex: 'female', birthDate: '1978-08-08', permanentResidence: { unitId: HONG_HA, address: 'Số 1 phố Huế' } }, { oldIdNumber: '022333444' });
  await detect();

  const p1 = (await pair(base, unaccented))!;
  assert.equal(p1.band, 'same');
  assert.equal(p1.via, 'block');
  assert.equal(level(p1, 'name'), 'diacritics');
  assert.equal(level(p1, 'phone'), 'same');
  assert.equal(p1.explanation[0]!.weight, Math.max(...p1.explanation.map((e) => Math.abs(e.weight))), 'strongest evidence first');
  const p2 = (await pair(base, swapped))!;
  assert.equal(p2.via, 'swapped');
  assert.equal(level(p2, 'birthDate'), 'day-month-swapped');
  assert.equal(p2.band, 'same');
  const p3 = (await pair(base, firstLetter))!;
  assert.equal(level(p3, 'name'), 'one-edit');
  assert.equal(p3.band, 'same');
  const p4 = (await pair(wife, married))!;
  assert.equal(level(p4, 'name'), 'spouse-surname');
  assert.equal(level(p4, 'oldIdNumber'), 'same');
  assert.equal(p4.band, 'same');
});

test('namesakes born the same day are told apart by what differs; alone they wait for review', async () => {
  const a = await born({ fullName: 'Đinh Công Tráng', birthDate: '1965-05-05' }, { oldIdNumber: '011111111' });
  const b = await born({ fullName: 'Đinh Công Tráng', birthDate: '1965-05-05', permanentResidence: { unitId: HONG_HA, address: 'Số 3 phố Lý Thường Kiệt' } }, { oldIdNumber: '022222222' });
  const x = await born({ fullName: 'Hà Văn Tuấn', birthDate: '1966-06-06' });
  const y = await born({ fullName: 'Hà Văn Tuấn', birthDate: '1966-06-06', permanentResidence: { unitId: HONG_HA, address: 'Số 4 phố Lý Thường Kiệt' } });
  await detect();
  assert.equal(await pair(a, b), undefined, 'different old ID numbers: different persons');
  const xy = (await pair(x, y))!;
  assert.equal(xy.band, 'review', 'name, date and birth place alone: an officer decides');
  assert.ok(xy.score >= THRESHOLDS.review && xy.score < THRESHOLDS.same);
});

test('a rejected pair is not proposed again; open pairs that no longer match are dropped', async () => {
  const a = await born({ fullName: 'Tô Hiến Thành', birthDate: '1950-10-10' });
  const b = await born({ fullName: 'To Hien Thanh', birthDate: '1950-10-10' });
  const c1 = await born({ fullName: 'Lý Thường Kiệt', birthDate: '1951-11-11' });
  const c2 = await born({ fullName: 'Ly Thuong Kiet', birthDate: '1951-11-11' });
  await detect();
  const p = (await pair(a, b))!;
  const r = await c.post(`/quality/pairs/${p.id}/decision`, central, { decision: 'reject', legalBasis, note: 'hai người khác nhau' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'rejected');
  // One of the other pair is corrected: it no longer matches.
  assert.equal((await c.patch(`/persons/${c2}`, central, { fullName: 'Lý Công Uẩn', legalBasis }, { 'if-match': '"1"' })).status, 200);
  await detect();
  assert.equal((await pair(a, b))!.status, 'rejected');
  assert.equal(await pair(c1, c2), undefined);
  const queue = await c.get('/quality/pairs?limit=100', central);
  assert.ok(!queue.body.items.some((i: { id: string }) => i.id === p.id));
  const again = await c.post(`/quality/pairs/${p.id}/decision`, central, { decision: 'confirm', survivorIdNumber: a, legalBasis });
  assert.equal(again.status, 409);
  assert.equal(again.body.type, '/api/v1/problems/pair-already-decided');
});
