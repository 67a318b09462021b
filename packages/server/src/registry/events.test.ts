import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLog } from '../testing/audit.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { adult, BA_DINH, client, HONG_HA, THU_DAU_MOT } from './test-helpers.ts';

let t: TestApp;
let central: string;
let c: ReturnType<typeof client>;
before(async () => {
  t = await createTestApp();
  central = (await t.officer('central')).authorization;
  c = client(t);
});
after(async () => { await t.close(); });

const counts = async () => {
  const [r] = await t.db.sql<{ events: number; versions: number; outbox: number; audit: number }[]>`
    select (select count(*)::int from life_event) as events, (select count(*)::int from person_version) as versions,
           (select count(*)::int from outbox_event) as outbox, (select count(*)::int from audit_log) as audit`;
  return r!;
};

test('change of permanent residence moves the current residence and keeps the old version', async () => {
  const p = await adult(t, central, { fullName: 'Ngô Văn Hải', sex: 'male', birthDate: '1980-01-01' });
  const res = await c.post(`/persons/${p.idNumber}/residence`, central, {
    kind: 'permanent', unitId: THU_DAU_MOT, address: '5 Bạch Đằng', date: '2026-02-01', legalBasis: 'Đăng ký thường trú số 33/2026',
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.permanentResidence.unit.id, THU_DAU_MOT);
  assert.equal(res.body.currentResidence.unit.provinceId, '2:79');
  assert.equal(res.body.version, 2);
  assert.equal(res.headers.etag, '"2"');

  const temp = await c.post(`/persons/${p.idNumber}/residence`, central, {
    kind: 'temporary', unitId: HONG_HA, address: 'KTX số 2', date: '2026-03-01', until: '2026-12-31', alsoCurrent: false, legalBasis: 'Đăng ký tạm trú 7/2026',
  });
  assert.equal(temp.status, 200, JSON.stringify(temp.body));
  assert.equal(temp.body.temporaryResidence.until, '2026-12-31');
  assert.equal(temp.body.currentResidence.unit.id, THU_DAU_MOT);

  const gen1 = await c.post(`/persons/${p.idNumber}/residence`, central, {
    kind: 'current', unitId: '1:00001', address: 'x', date: '2026-03-02', legalBasis: 'Khai báo nơi ở 1/2026',
  });
  assert.equal(gen1.status, 422);
  assert.equal(gen1.body.errors[0].pointer, '/body/unitId');

  const events = await c.get(`/persons/${p.idNumber}/events`, central);
  const move = events.body.events.find((e: { kind: string }) => e.kind === 'residence-change');
  assert.equal(events.body.events.length, 3);
  assert.equal(move.details.destinationCommuneId, HONG_HA);
});

test('marriage, divorce and death: both records change, statuses follow, refusals are 409', async () => {
  const a = await adult(t, central, { fullName: 'Lý Văn Nam', sex: 'male', birthDate: '1985-05-05' });
  const b = await adult(t, central, { fullName: 'Đặng Thị Oanh', sex: 'female', birthDate: '1987-06-06' });
  const d = await adult(t, central, { fullName: 'Phan Thị Quyên', sex: 'female', birthDate: '1990-09-09' });

  const m = await c.post(`/persons/${a.idNumber}/marriage`, central, { spouseIdNumber: b.idNumber, date: '2026-01-10', legalBasis: 'Giấy chứng nhận kết hôn số 4/2026' });
  assert.equal(m.status, 200, JSON.stringify(m.body));
  assert.equal(m.body.maritalStatus, 'married');
  assert.deepEqual(m.body.spouse, { idNumber: b.idNumber, fullName: 'Đặng Thị Oanh', nationality: 'VNM' });
  const bAfter = await c.get(`/persons/${b.idNumber}`, central);
  assert.equal(bAfter.body.maritalStatus, 'married');
  assert.equal(bAfter.body.spouse.idNumber, a.idNumber);
  assert.equal(bAfter.body.version, 2);

  // Already married: refused with the reason.
  const bigamy = await c.post(`/persons/${a.idNumber}/marriage`, central, { spouseIdNumber: d.idNumber, date: '2026-02-10', legalBasis: 'GCN kết hôn 5/2026' });
  assert.equal(bigamy.status, 409);
  assert.equal(bigamy.body.type, '/api/v1/problems/life-event-not-allowed');
  assert.equal(bigamy.body.reason, 'already-married');

  const div = await c.post(`/persons/${b.idNumber}/divorce`, central, { date: '2026-03-01', legalBasis: 'Bản án ly hôn số 9/2026/HNGĐ-ST' });
  assert.equal(div.status, 200, JSON.stringify(div.body));
  assert.equal(div.body.maritalStatus, 'divorced');
  assert.equal(div.body.spouse, null);
  assert.equal((await c.get(`/persons/${a.idNumber}`, central)).body.maritalStatus, 'divorced');
  const again = await c.post(`/persons/${b.idNumber}/divorce`, central, { date: '2026-03-02', legalBasis: 'Bản án ly hôn số 10/2026' });
  assert.equal(again.status, 409);

  // Remarriage, then death: the survivor is widowed; the dead cannot marry, move or die again.
  assert.equal((await c.post(`/persons/${a.idNumber}/marriage`, central, { spouseIdNumber: d.idNumber, date: '2026-04-01', legalBasis: 'GCN kết hôn 6/2026' })).status, 200);
  const death = await c.post(`/persons/${a.idNumber}/death`, central, { date: '2026-05-01', legalBasis: 'Trích lục khai tử số 12/2026' });
  assert.equal(death.status, 200, JSON.stringify(death.body));
  assert.equal(death.body.deathDate, '2026-05-01');
  const widow = await c.get(`/persons/${d.idNumber}`, central);
  assert.equal(widow.body.maritalStatus, 'widowed');
  assert.equal((await c.get(`/persons/${d.idNumber}/events`, central)).body.events[0].kind, 'spouse-death');
  for (const [url, body] of [
    [`/persons/${a.idNumber}/death`, { date: '2026-05-02', legalBasis: 'Trích lục khai tử 13/2026' }],
    [`/persons/${a.idNumber}/marriage`, { spouseIdNumber: b.idNumber, date: '2026-05-02', legalBasis: 'GCN kết hôn 7/2026' }],
    [`/persons/${b.idNumber}/marriage`, { spouseIdNumber: a.idNumber, date: '2026-05-02', legalBasis: 'GCN kết hôn 8/2026' }],
    [`/persons/${a.idNumber}/residence`, { kind: 'current', unitId: HONG_HA, address: 'x', date: '2026-05-02', legalBasis: 'Khai báo 2/2026' }],
  ] as const) {
    const r = await c.post(url, central, body);
    assert.equal(r.status, 409, `${url}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.reason, 'dead');
  }
  // Under-age and same-sex marriages are refused too.
  const teen = await c.post('/births', central, { fullName: 'Hồ Văn Tí', sex: 'male', birthDate: '2010-01-01', placeOfBirth: 'Hà Nội', birthRegistrationUnitId: BA_DINH, ethnicity: 'Kinh', permanentResidence: { unitId: BA_DINH, address: 'Ngõ 1' }, legalBasis: 'Khai sinh 1/2010' });
  const under = await c.post(`/persons/${teen.body.idNumber}/marriage`, central, { spouseIdNumber: b.idNumber, date: '2026-06-01', legalBasis: 'GCN 9/2026' });
  assert.equal(under.body.reason, 'under-age');
  const same = await c.post(`/persons/${b.idNumber}/marriage`, central, { spouseIdNumber: d.idNumber, date: '2026-06-01', legalBasis: 'GCN 10/2026' });
  assert.equal(same.body.reason, 'same-sex');
});

test('history lists every version, newest first, with who, legal basis and changed fields', async () => {
  const officer = await t.officer('central');
  const p = await adult(t, officer.authorization, { fullName: 'Trịnh Văn Sơn', sex: 'male', birthDate: '1975-12-12' });
  const fix = await c.patch(`/persons/${p.idNumber}`, officer.authorization, { fullName: 'Trịnh Văn Sơnn', phone: '0912345678', legalBasis: 'Quyết định cải chính hộ tịch 1/2026' }, { 'if-match': '"1"' });
  assert.equal(fix.status, 200, JSON.stringify(fix.body));
  const fix2 = await c.patch(`/persons/${p.idNumber}`, officer.authorization, { fullName: 'Trịnh Văn Sơn', legalBasis: 'Quyết định cải chính hộ tịch 2/2026' }, { 'if-match': fix.headers.etag as string });
  assert.equal(fix2.status, 200);
  await c.post(`/persons/${p.idNumber}/residence`, officer.authorization, { kind: 'current', unitId: HONG_HA, address: 'Số 9', date: '2026-02-02', legalBasis: 'Khai báo nơi ở 3/2026' });

  const h = await c.get(`/persons/${p.idNumber}/history`, officer.authorization);
  assert.equal(h.status, 200);
  const v = h.body.versions;
  assert.deepEqual(v.map((x: { version: number }) => x.version), [4, 3, 2, 1]);
  assert.deepEqual(v[0].changed, ['currentResidence']);
  assert.deepEqual(v[1].changed, ['fullName']);
  assert.deepEqual(v[2].changed.sort(), ['fullName', 'phone']);
  assert.ok(v[3].changed.includes('idNumber'));
  assert.equal(v[2].legalBasis, 'Quyết định cải chính hộ tịch 1/2026');
  assert.equal(v[2].recordedBy, `officer:${officer.id}`);
  assert.equal(v[2].data.fullName, 'Trịnh Văn Sơnn');
  assert.equal(v[3].data.fullName, 'Trịnh Văn Sơn');
  assert.equal(v[0].validTo, null);
  assert.equal(v[1].validTo, v[0].validFrom);
});

test('corrections need If-Match: 428 without, 412 on a stale version, 400 on bad fields', async () => {
  const p = await adult(t, central, { fullName: 'Mai Thị Uyên', sex: 'female', birthDate: '1999-09-19' });
  const none = await c.patch(`/persons/${p.idNumber}`, central, { religion: 'Phật giáo', legalBasis: 'Tờ khai 1/2026' });
  assert.equal(none.status, 428);
  const ok = await c.patch(`/persons/${p.idNumber}`, central, { religion: 'Phật giáo', bloodType: 'O+', legalBasis: 'Tờ khai 1/2026' }, { 'if-match': '"1"' });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.religion, 'Phật giáo');
  const stale = await c.patch(`/persons/${p.idNumber}`, central, { religion: 'Không', legalBasis: 'Tờ khai 2/2026' }, { 'if-match': '"1"' });
  assert.equal(stale.status, 412);
  assert.equal(stale.body.currentVersion, 2);
  const bad = await c.patch(`/persons/${p.idNumber}`, central, { bloodType: 'C', email: 'not-an-email', legalBasis: 'x' }, { 'if-match': '"2"' });
  assert.equal(bad.status, 400);
  const pointers = bad.body.errors.map((e: { pointer: string }) => e.pointer);
  for (const ptr of ['/body/bloodType', '/body/email', '/body/legalBasis']) assert.ok(pointers.includes(ptr), pointers.join());
  // Decomposed input is stored NFC-normalised.
  const nfd = 'Mai Thị Uyên Nhi'.normalize('NFD');
  const norm = await c.patch(`/persons/${p.idNumber}`, central, { fullName: nfd, legalBasis: 'Quyết định cải chính 3/2026' }, { 'if-match': '2' });
  assert.equal(norm.status, 200, JSON.stringify(norm.body));
  assert.equal(norm.body.fullName, 'Mai Thị Uyên Nhi'.normalize('NFC'));
});

test('households: create, add and remove members as household-change events', async () => {
  const head = await adult(t, central, { fullName: 'Cao Văn Vinh', sex: 'male', birthDate: '1970-01-01', unitId: HONG_HA });
  const wife = await adult(t, central, { fullName: 'Cao Thị Xuân', sex: 'female', birthDate: '1972-02-02', unitId: HONG_HA });
  const h = await c.post('/households', central, { headIdNumber: head.idNumber, unitId: HONG_HA, address: 'Số 3 Hàng Bông', legalBasis: 'Đăng ký thường trú 11/2026' });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  assert.match(h.body.fileNumber, /^00097-\d{8}$/);
  const add = await c.post(`/households/${h.body.id}/members`, central, { idNumber: wife.idNumber, relationshipToHead: 'Vợ', legalBasis: 'Đăng ký thường trú 12/2026' });
  assert.equal(add.status, 200, JSON.stringify(add.body));
  assert.deepEqual(add.body.members.map((m: { relationshipToHead: string }) => m.relationshipToHead), ['Chủ hộ', 'Vợ']);
  const twice = await c.post(`/households/${h.body.id}/members`, central, { idNumber: wife.idNumber, relationshipToHead: 'Vợ', legalBasis: 'Đăng ký thường trú 13/2026' });
  assert.equal(twice.status, 409);
  const rm = await c.post(`/households/${h.body.id}/members/${wife.idNumber}/removal`, central, { legalBasis: 'Xóa đăng ký thường trú 1/2026' });
  assert.equal(rm.status, 200, JSON.stringify(rm.body));
  assert.equal(rm.body.members.length, 1);
  const w = await c.get(`/persons/${wife.idNumber}`, central);
  assert.equal(w.body.household, null);
  const ev = await c.get(`/persons/${wife.idNumber}/events`, central);
  assert.deepEqual(ev.body.events.slice(0, 2).map((e: { details: { action: string } }) => e.details.action), ['left', 'joined']);
  assert.equal((await c.get('/households/999999', central)).status, 404);
});

test('a failed write leaves both persons, history, events, outbox and audit unchanged', async () => {
  const a = await adult(t, central, { fullName: 'Kiều Văn Bảo', sex: 'male', birthDate: '1991-01-01' });
  const b = await adult(t, central, { fullName: 'Kiều Thị Châu', sex: 'female', birthDate: '1993-03-03' });
  // The database refuses the second person's update (as a constraint, a disk or a crash could).
  const second = a.idNumber < b.idNumber ? b.idNumber : a.idNumber;
  await t.db.sql.unsafe(`
    create function refuse_second() returns trigger language plpgsql as $$
    begin if new.id_number = '${second}' and new.marital_status = 'married' then raise exception 'refused for the test'; end if; return new; end $$;
    create trigger refuse_second before update on person for each row execute function refuse_second();`);
  const before = await counts();
  const r = await c.post(`/persons/${a.idNumber}/marriage`, central, { spouseIdNumber: b.idNumber, date: '2026-01-01', legalBasis: 'GCN kết hôn 20/2026' });
  assert.equal(r.status, 500);
  assert.equal(r.body.type, '/api/v1/problems/internal-error');
  await t.db.sql.unsafe('drop trigger refuse_second on person; drop function refuse_second();');
  assert.deepEqual(await counts(), { ...before, audit: before.audit });
  for (const id of [a.idNumber, b.idNumber]) {
    const p = await c.get(`/persons/${id}`, central);
    assert.equal(p.body.maritalStatus, 'single');
    assert.equal(p.body.version, 1);
  }
  assert.equal((await verifyLog(t.db.sql)).valid, true);
});

test('a retried marriage (same Idempotency-Key) is recorded once', async () => {
  const a = await adult(t, central, { fullName: 'Tạ Văn Định', sex: 'male', birthDate: '1989-08-08' });
  const b = await adult(t, central, { fullName: 'Tạ Thị Én', sex: 'female', birthDate: '1990-10-10' });
  const headers = { 'idempotency-key': 'marriage-retry-42' };
  const body = { spouseIdNumber: b.idNumber, date: '2026-02-14', legalBasis: 'GCN kết hôn 21/2026' };
  const first = await c.post(`/persons/${a.idNumber}/marriage`, central, body, headers);
  const retry = await c.post(`/persons/${a.idNumber}/marriage`, central, body, headers);
  assert.equal(first.status, 200);
  assert.equal(retry.status, 200);
  assert.equal(retry.body.version, first.body.version);
  const [{ n }] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from life_event where request_id = 'marriage-retry-42'`;
  assert.equal(n, 2); // one per spouse
});

test('an Idempotency-Key reused for a different request, or by another officer, is 422 and changes nothing', async () => {
  const a = await adult(t, central, { fullName: 'Tạ Văn Phong', sex: 'male', birthDate: '1988-08-08' });
  const headers = { 'idempotency-key': 'correction-key-0007' };
  const first = await c.patch(`/persons/${a.idNumber}`, central, { religion: 'Phật giáo', legalBasis: 'Tờ khai 7/2026' }, { ...headers, 'if-match': '"1"' });
  assert.equal(first.status, 200);
  // The same key with another body: refused, never answered with the first result.
  const other = await c.patch(`/persons/${a.idNumber}`, central, { religion: 'Công giáo', legalBasis: 'Tờ khai 7/2026' }, { ...headers, 'if-match': '"1"' });
  assert.equal(other.status, 422);
  assert.equal(other.body.type, '/api/v1/problems/idempotency-key-reused');
  // The same request again is a retry: the first answer, nothing new recorded.
  const retry = await c.patch(`/persons/${a.idNumber}`, central, { religion: 'Phật giáo', legalBasis: 'Tờ khai 7/2026' }, { ...headers, 'if-match': '"1"' });
  assert.equal(retry.status, 200);
  assert.equal(retry.body.version, 2);
  const someoneElse = (await t.officer('central')).authorization;
  const stolen = await c.patch(`/persons/${a.idNumber}`, someoneElse, { religion: 'Phật giáo', legalBasis: 'Tờ khai 7/2026' }, { ...headers, 'if-match': '"1"' });
  assert.equal(stolen.status, 422);
  const now = await c.get(`/persons/${a.idNumber}`, central);
  assert.equal(now.body.version, 2);
  assert.equal(now.body.religion, 'Phật giáo');
});
