// Hand-over and lifecycle end to end over HTTP (issue 16 §4, §7): the real app, a fresh database,
// SoftHSM. Cards start `ready` at the office (lifecycle-test-helpers.ts, a fixture standing in for
// production); everything after that goes through the API, and the revocation list is checked the
// way a relying party would: downloaded, and verified with nothing but GET /pki/keys.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { todayInVietnam } from '../calendar.ts';
import { adult, BA_DINH, client, HA_GIANG_1, HONG_HA, THU_DAU_MOT } from '../registry/test-helpers.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { cardNumberOf } from './card-number.ts';
import { expireDueCards } from './lifecycle.ts';
import { fixtureApplication, readyCard } from './lifecycle-test-helpers.ts';
import { REVOCATION_LIST_TYP, RevocationListError, verifyRevocationList, type RevocationList } from './revocation-list.ts';
import { signJws } from '../keys/jws.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
let baDinh: string;
let hongHa: string;
let hanoi: string;
let hcm: string;

before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
  baDinh = (await t.officer('commune', BA_DINH)).authorization;
  hongHa = (await t.officer('commune', HONG_HA)).authorization;
  hanoi = (await t.officer('province', '2:01')).authorization;
  hcm = (await t.officer('province', '2:79')).authorization;
});
after(() => t.close());

let serial = 0;
async function holder(unitId = BA_DINH, birthDate = '1980-05-17') {
  const p = await adult(t, central, { fullName: `Nguyễn Văn Thẻ ${'ABCDEGHIKLMN'.charAt(serial++ % 12)}`, sex: 'male', birthDate, unitId });
  return { idNumber: p.idNumber, birthDate };
}

/** An unauthenticated GET, as a relying party makes it. */
async function publicGet(url: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}` });
  return { status: res.statusCode, body: res.body, headers: res.headers, json: () => res.json() };
}

/** The newest revocation list, verified with only the published key set. */
async function downloadedList(): Promise<RevocationList> {
  const keys = await publicGet('/pki/keys');
  assert.equal(keys.status, 200);
  const list = await publicGet('/cards/revocation-list');
  assert.equal(list.status, 200, list.body);
  assert.match(String(list.headers['content-type']), /^application\/jose/);
  const verified = await verifyRevocationList(list.body, keys.json());
  assert.equal(String(verified.sequence), list.headers['x-list-sequence']);
  return verified;
}

const listed = (l: RevocationList, cardNumber: string) => l.entries.find((e) => e.cardNumber === cardNumber)?.reason ?? null;

async function auditActions(subject: string): Promise<string[]> {
  const rows = await t.db.sql<{ action: string }[]>`select action from audit_log where subject = ${subject} order by seq`;
  return rows.map((r) => r.action);
}

test('hand-over by the receiving office: ready → active, application handed over; others refused', async () => {
  const p = await holder();
  const card = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH });
  // Another commune of the same province is not the receiving office.
  const wrong = await c.post(`/cards/${card.cardNumber}/hand-over`, hongHa, {});
  assert.equal(wrong.status, 403, JSON.stringify(wrong.body));
  assert.equal(wrong.body.code, 'CC-AUTH-004');
  assert.equal((await c.get(`/cards/${card.cardNumber}`, central)).body.status, 'ready', 'a refusal changes nothing');

  const done = await c.post(`/cards/${card.cardNumber}/hand-over`, baDinh, { note: 'nhận tại quầy' });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.status, 'active');
  assert.equal(done.body.retired, null);
  assert.equal(done.body.idNumber, p.idNumber);
  assert.ok(done.body.handedOverAt);
  const [app] = await t.db.sql<{ status: string }[]>`select status from card_application where id = ${card.applicationId}`;
  assert.equal(app!.status, 'handed_over');

  const again = await c.post(`/cards/${card.cardNumber}/hand-over`, baDinh, {});
  assert.equal(again.status, 409);
  assert.equal(again.body.type, '/api/v1/problems/card-state-conflict');
  assert.equal(again.body.cardStatus, 'active');

  // The public status: valid, dates, nothing personal.
  const s = await publicGet(`/cards/${card.cardNumber}/status`);
  assert.equal(s.status, 200, s.body);
  assert.deepEqual(Object.keys(s.json()).sort(), ['cardNumber', 'checkedAt', 'expiryDate', 'issueDate', 'reason', 'valid']);
  assert.equal(s.json().valid, true);
  assert.equal(s.json().expiryDate, '2040-05-17', 'issued at 46: valid until the 60th birthday');
  assert.ok(!s.body.includes(p.idNumber));

  // Officer reads are audited; the public status is not.
  const read = await c.get(`/cards/${card.cardNumber}`, hanoi);
  assert.equal(read.status, 200);
  assert.equal((await c.get(`/cards/${card.cardNumber}`, hcm)).status, 403);
  const actions = await auditActions(p.idNumber);
  assert.ok(actions.includes('card.hand-over'), actions.join());
  assert.equal(actions.filter((a) => a === 'card.read').length, 2, 'the central read and the Hà Nội read');
});

test('renewal: the new card handed over retires the old one (replaced), which joins the list', async () => {
  const p = await holder(HONG_HA, '1985-02-11');
  const first = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: HONG_HA, issueDate: '2024-06-01' });
  assert.equal((await c.post(`/cards/${first.cardNumber}/hand-over`, hongHa, {})).status, 200);
  const renewal = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: HONG_HA, kind: 'renewal' });
  const before = await downloadedList();

  const r = await c.post(`/cards/${renewal.cardNumber}/hand-over`, hanoi, { note: 'thẻ cũ đã thu hồi' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.retired, first.cardNumber);
  const old = await c.get(`/cards/${first.cardNumber}`, central);
  assert.equal(old.body.status, 'replaced');
  assert.equal(old.body.replacedBy, renewal.cardNumber);
  const cards = await c.get(`/persons/${p.idNumber}/cards`, hongHa);
  assert.equal(cards.status, 200);
  assert.deepEqual(cards.body.items.map((x: { cardNumber: string; status: string }) => [x.cardNumber, x.status]),
    [[renewal.cardNumber, 'active'], [first.cardNumber, 'replaced']]);
  const [{ active }] = await t.db.sql<{ active: number }[]>`select count(*)::int as active from card where person_id = ${p.idNumber} and status = 'active'`;
  assert.equal(active, 1);

  const oldStatus = (await publicGet(`/cards/${first.cardNumber}/status`)).json();
  assert.deepEqual([oldStatus.valid, oldStatus.reason], [false, 'replaced']);
  const after = await downloadedList();
  assert.ok(after.sequence > before.sequence);
  assert.equal(listed(before, first.cardNumber), null);
  assert.equal(listed(after, first.cardNumber), 'replaced');
  assert.equal(listed(after, renewal.cardNumber), null);
  assert.ok((await auditActions(p.idNumber)).includes('card.replaced'));
});

test('a lost-card report flips the status endpoint and the signed revocation list', async () => {
  const p = await holder();
  const card = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH });
  assert.equal((await c.post(`/cards/${card.cardNumber}/hand-over`, baDinh, {})).status, 200);
  assert.equal((await publicGet(`/cards/${card.cardNumber}/status`)).json().valid, true);
  const before = await downloadedList();
  assert.equal(listed(before, card.cardNumber), null);

  // Outside the jurisdiction (holder and office in Hà Nội): refused, nothing listed.
  const refused = await c.post(`/cards/${card.cardNumber}/loss`, hcm, { kind: 'lost' });
  assert.equal(refused.status, 403);
  assert.equal((await publicGet(`/cards/${card.cardNumber}/status`)).json().valid, true);

  const lost = await c.post(`/cards/${card.cardNumber}/loss`, baDinh, { kind: 'lost', note: 'mất ví' });
  assert.equal(lost.status, 200, JSON.stringify(lost.body));
  assert.equal(lost.body.status, 'lost');
  const s = (await publicGet(`/cards/${card.cardNumber}/status`)).json();
  assert.deepEqual([s.valid, s.reason], [false, 'lost-or-stolen']);
  const after = await downloadedList();
  assert.equal(after.sequence, before.sequence + 1);
  assert.equal(listed(after, card.cardNumber), 'lost-or-stolen');
  assert.equal(after.iss, 'cancuoc');

  // A list altered by a byte, or checked against keys that are not ours, does not verify.
  const jws = (await publicGet('/cards/revocation-list')).body;
  const [h, payload, sig] = jws.split('.');
  const forged = Buffer.from(JSON.stringify({ ...after, entries: [] })).toString('base64url');
  const keys = (await publicGet('/pki/keys')).json();
  await assert.rejects(verifyRevocationList(`${h}.${forged}.${sig}`, keys), (e: unknown) => e instanceof RevocationListError && e.code === 'bad-signature');
  await assert.rejects(verifyRevocationList(`${h}.${payload}.${sig}`, { keys: [] }), RevocationListError);

  const twice = await c.post(`/cards/${card.cardNumber}/loss`, baDinh, { kind: 'stolen' });
  assert.equal(twice.status, 409);
  assert.equal(twice.body.cardStatus, 'lost');
  assert.ok((await auditActions(p.idNumber)).includes('card.lost'));
});

test('revocation: central or the holder\'s province, with a reason; refusals explained', async () => {
  const p = await holder();
  const card = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH });
  assert.equal((await c.post(`/cards/${card.cardNumber}/hand-over`, baDinh, {})).status, 200);
  const reason = 'Quyết định thu hồi số 12/QĐ-CA';
  const commune = await c.post(`/cards/${card.cardNumber}/revocation`, baDinh, { reason });
  assert.deepEqual([commune.status, commune.body.type], [403, '/api/v1/problems/forbidden']);
  const other = await c.post(`/cards/${card.cardNumber}/revocation`, hcm, { reason });
  assert.deepEqual([other.status, other.body.type], [403, '/api/v1/problems/outside-jurisdiction']);
  const noReason = await c.post(`/cards/${card.cardNumber}/revocation`, hanoi, {});
  assert.equal(noReason.status, 400);
  const ok = await c.post(`/cards/${card.cardNumber}/revocation`, hanoi, { reason });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual([ok.body.status, ok.body.statusReason], ['revoked', reason]);
  assert.equal(listed(await downloadedList(), card.cardNumber), 'revoked');
  const again = await c.post(`/cards/${card.cardNumber}/revocation`, central, { reason });
  assert.deepEqual([again.status, again.body.cardStatus], [409, 'revoked']);
  // Hand-over of a revoked card: wrong state.
  const handOver = await c.post(`/cards/${card.cardNumber}/hand-over`, baDinh, {});
  assert.deepEqual([handOver.status, handOver.body.code], [409, 'CC-CRD-302']);
});

test('malformed card numbers are 400 invalid-card-number, unknown ones 404', async () => {
  for (const bad of ['123', '12345678901', 'abcdefghij', cardNumberOf(42).slice(0, 9) + String((Number(cardNumberOf(42)[9]) + 1) % 10)]) {
    const r = await publicGet(`/cards/${bad}/status`);
    assert.equal(r.status, 400, bad);
    assert.equal(r.json().type, '/api/v1/problems/invalid-card-number', bad);
    assert.match(String(r.headers['content-type']), /application\/problem\+json/);
  }
  const checked = await c.post(`/cards/${cardNumberOf(7).slice(0, 9)}0/hand-over`, baDinh, {});
  if (cardNumberOf(7).endsWith('0')) assert.equal(checked.status, 404);
  else assert.equal(checked.body.code, 'CC-CRD-301');
  const unknown = await publicGet(`/cards/${cardNumberOf(999_999_999)}/status`);
  assert.equal(unknown.status, 404);
  assert.equal((await c.get(`/cards/${cardNumberOf(999_999_998)}`, central)).status, 404);
});

test('expiry: past its printed date a card reads expired at once, and the sweep records it', async () => {
  const p = await holder(BA_DINH, '1990-03-15');
  // Issued at 22, within two years of 25: valid until the 25th birthday (2015-03-15).
  const card = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH, issueDate: '2013-03-14' });
  assert.equal(card.expiryDate, '2015-03-15');
  assert.equal((await c.post(`/cards/${card.cardNumber}/hand-over`, baDinh, {})).status, 200);
  const s = (await publicGet(`/cards/${card.cardNumber}/status`)).json();
  assert.deepEqual([s.valid, s.reason, s.expiryDate], [false, 'expired', '2015-03-15']);
  const before = (await c.get(`/cards/${card.cardNumber}`, central)).body;
  assert.deepEqual([before.status, before.recordedStatus], ['expired', 'active']);
  const lost = await c.post(`/cards/${card.cardNumber}/loss`, baDinh, { kind: 'lost' });
  assert.deepEqual([lost.status, lost.body.cardStatus], [409, 'expired']);

  assert.ok(await expireDueCards(t.services, todayInVietnam()) >= 1);
  const afterSweep = (await c.get(`/cards/${card.cardNumber}`, central)).body;
  assert.deepEqual([afterSweep.status, afterSweep.recordedStatus], ['expired', 'expired']);
  assert.ok((await auditActions(p.idNumber)).includes('card.expire'));
  assert.equal(await expireDueCards(t.services, todayInVietnam()), 0, 'nothing left to expire');
  // An expired card is invalid on its face: not on the list.
  assert.equal(listed(await downloadedList(), card.cardNumber), null);
});

test('persons\' cards: in the jurisdiction only, audited', async () => {
  const p = await holder();
  await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH });
  const mine = await c.get(`/persons/${p.idNumber}/cards`, baDinh);
  assert.equal(mine.status, 200);
  assert.equal(mine.body.items.length, 1);
  assert.equal(mine.body.items[0].status, 'ready');
  const theirs = await c.get(`/persons/${p.idNumber}/cards`, hongHa);
  assert.deepEqual([theirs.status, theirs.body.type], [403, '/api/v1/problems/outside-jurisdiction']);
  const actions = await auditActions(p.idNumber);
  assert.ok(actions.includes('person.cards.read'));
  assert.ok(actions.includes('request.refused') || actions.includes('person.reference'), actions.join());
});

test('progress statistics count what was created, under both generations of provinces', async () => {
  const today = todayInVietnam();
  // In Thủ Dầu Một (2:79 today; old Bình Dương, 1:74): 2 received, 1 approved, 2 produced of which 1 handed over.
  const tdm = await Promise.all([0, 1, 2, 3, 4].map(() => holder(THU_DAU_MOT)));
  await fixtureApplication(t.db.sql, { personId: tdm[0]!.idNumber, receivingUnitId: THU_DAU_MOT });
  await fixtureApplication(t.db.sql, { personId: tdm[1]!.idNumber, receivingUnitId: THU_DAU_MOT });
  await fixtureApplication(t.db.sql, { personId: tdm[2]!.idNumber, receivingUnitId: THU_DAU_MOT, status: 'approved' });
  const made = [];
  for (const p of tdm.slice(3)) made.push(await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: THU_DAU_MOT }));
  assert.equal((await c.post(`/cards/${made[0]!.cardNumber}/hand-over`, hcm, {})).status, 200);
  // In Hà Giang 1 (2:08 Tuyên Quang; old Hà Giang, 1:02): one received.
  await fixtureApplication(t.db.sql, { personId: (await holder(HA_GIANG_1)).idNumber, receivingUnitId: HA_GIANG_1 });

  const counts = (rows: { provinceId: string; received: number; approved: number; produced: number; handedOver: number }[], id: string) => {
    const r = rows.find((x) => x.provinceId === id)!;
    return [r.received, r.approved, r.produced, r.handedOver];
  };
  const g2 = await c.get(`/stats/cards?groupBy=province&from=${today}&to=${today}&generation=2`, central);
  assert.equal(g2.status, 200, JSON.stringify(g2.body));
  assert.equal(g2.body.provinces.length, 34);
  assert.deepEqual(counts(g2.body.provinces, '2:79'), [5, 3, 2, 1]);
  assert.deepEqual(counts(g2.body.provinces, '2:08'), [1, 0, 0, 0]);
  assert.deepEqual(counts(g2.body.days.filter((d: { day: string }) => d.day === today), '2:79'), [5, 3, 2, 1]);
  const g1 = await c.get(`/stats/cards?groupBy=province&from=${today}&to=${today}&generation=1`, central);
  assert.equal(g1.status, 200, JSON.stringify(g1.body));
  assert.equal(g1.body.provinces.length, 63);
  assert.deepEqual(counts(g1.body.provinces, '1:74'), [5, 3, 2, 1]);
  assert.deepEqual(counts(g1.body.provinces, '1:02'), [1, 0, 0, 0]);
  assert.deepEqual(counts(g1.body.provinces, '1:79'), [0, 0, 0, 0], 'old Hồ Chí Minh City received none of these');
  const sum = (rows: { received: number; handedOver: number }[]) => rows.reduce((n, r) => n + r.received * 1000 + r.handedOver, 0);
  assert.equal(sum(g1.body.provinces) + g1.body.unplaced * 1000, sum(g2.body.provinces) + g2.body.unplaced * 1000, 'both generations count the same applications');

  // Provincial officers get their own province; commune officers are refused; bad ranges are 400.
  const mine = await c.get(`/stats/cards?from=${today}&to=${today}`, hcm);
  assert.deepEqual(mine.body.provinces.map((p: { provinceId: string }) => p.provinceId), ['2:79']);
  const mineOld = await c.get(`/stats/cards?from=${today}&to=${today}&generation=1`, hcm);
  assert.ok(mineOld.body.provinces.some((p: { provinceId: string }) => p.provinceId === '1:74'));
  assert.ok(!mineOld.body.provinces.some((p: { provinceId: string }) => p.provinceId === '1:02'));
  assert.equal((await c.get('/stats/cards', baDinh)).status, 403);
  const backwards = await c.get('/stats/cards?from=2026-02-01&to=2026-01-01', central);
  assert.deepEqual([backwards.status, backwards.body.errors[0].pointer], [400, '/querystring/from']);
});

test('a citizen reports their own card stolen with card number, ID number and birth date; rate-limited', async () => {
  const p = await holder();
  const card = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH });
  const report = (body: object) => t.app.inject({ method: 'POST', url: `/api/v1/cards/${card.cardNumber}/loss-report`, payload: body });
  // Not yet in the citizen's hands: the same answer as a wrong claim.
  const early = await report({ kind: 'stolen', idNumber: p.idNumber, birthDate: p.birthDate });
  assert.equal(early.statusCode, 422);
  assert.equal((await c.post(`/cards/${card.cardNumber}/hand-over`, baDinh, {})).status, 200);
  const wrong = await report({ kind: 'stolen', idNumber: p.idNumber, birthDate: '1980-05-18' });
  assert.deepEqual([wrong.statusCode, wrong.json().type], [422, '/api/v1/problems/card-claim-mismatch']);
  assert.equal(wrong.json().detail, early.json().detail, 'one answer for every wrong claim');
  const ok = await report({ kind: 'stolen', idNumber: p.idNumber, birthDate: p.birthDate });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json(), { cardNumber: card.cardNumber, status: 'stolen' });
  const s = (await publicGet(`/cards/${card.cardNumber}/status`)).json();
  assert.deepEqual([s.valid, s.reason], [false, 'lost-or-stolen']);
  assert.equal(listed(await downloadedList(), card.cardNumber), 'lost-or-stolen');
  const [entry] = await t.db.sql<{ actor: string }[]>`select actor from audit_log where subject = ${p.idNumber} and action = 'card.stolen'`;
  assert.match(entry!.actor, /^citizen:/);
  const refusals = await t.db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where subject = ${p.idNumber} and action = 'card.loss-report.refused'`;
  assert.equal(refusals[0]!.n, 2, 'the early and the wrong claim are traced');
  // Five an hour per address: the sixth is refused.
  assert.equal((await report({ kind: 'lost', idNumber: p.idNumber, birthDate: p.birthDate })).statusCode, 422);
  assert.equal((await report({ kind: 'lost', idNumber: p.idNumber, birthDate: p.birthDate })).statusCode, 422);
  const limited = await report({ kind: 'lost', idNumber: p.idNumber, birthDate: p.birthDate });
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().type, '/api/v1/problems/rate-limited');
});

test('concurrent changes: every list has its own number and the newest names every change', async () => {
  const cards = [];
  for (let i = 0; i < 6; i++) {
    const p = await holder();
    const card = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH });
    assert.equal((await c.post(`/cards/${card.cardNumber}/hand-over`, baDinh, {})).status, 200);
    cards.push(card.cardNumber);
  }
  const [{ before }] = await t.db.sql<{ before: string }[]>`select coalesce(max(seq), 0)::text as before from card_status_list`;
  const answers = await Promise.all(cards.map((n, i) => (i % 2 === 0
    ? c.post(`/cards/${n}/loss`, baDinh, { kind: 'lost' })
    : c.post(`/cards/${n}/revocation`, hanoi, { reason: `Quyết định thu hồi số ${i}` }))));
  assert.deepEqual(answers.map((a) => a.status), cards.map(() => 200));
  const issued = await t.db.sql<{ seq: string }[]>`select seq::text from card_status_list where seq > ${before} order by card_status_list.seq`;
  assert.deepEqual(issued.map((r) => Number(r.seq)), cards.map((_, i) => Number(before) + 1 + i), 'one list per change, numbered without gaps');
  const newest = await downloadedList();
  assert.equal(newest.sequence, Number(before) + cards.length);
  for (const [i, n] of cards.entries()) assert.equal(listed(newest, n), i % 2 === 0 ? 'lost-or-stolen' : 'revoked', n);
});

test('two hand-overs for one person at once: one card ends active, the other replaced', async () => {
  const p = await holder();
  const a = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH });
  const b = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH, kind: 'renewal' });
  const answers = await Promise.all([a, b].map((x) => c.post(`/cards/${x.cardNumber}/hand-over`, baDinh, {})));
  assert.deepEqual(answers.map((r) => r.status), [200, 200], JSON.stringify(answers.map((r) => r.body)));
  const statuses = (await c.get(`/persons/${p.idNumber}/cards`, central)).body.items.map((x: { status: string }) => x.status).sort();
  assert.deepEqual(statuses, ['active', 'replaced']);
});

test('the verifier takes a list only from a document key, with our typ', async () => {
  const keys = (await publicGet('/pki/keys')).json();
  const list = { iss: 'cancuoc', sequence: 1_000_000, issuedAt: new Date().toISOString(), entries: [] };
  // A genuine signature by another of our published keys (the card QR key) is not a list.
  const qr = await t.services.pki.currentKey('card-qr');
  const byQrKey = await signJws(t.services.pki.keyStore(), list, qr.label, { typ: REVOCATION_LIST_TYP });
  await assert.rejects(verifyRevocationList(byQrKey, keys), (e: unknown) => e instanceof RevocationListError && e.code === 'wrong-key');
  // A document signed by the document key for another purpose is not a list either.
  const doc = await t.services.pki.currentKey('document');
  const other = await signJws(t.services.pki.keyStore(), list, doc.label, { typ: 'old-id-confirmation+jwt' });
  await assert.rejects(verifyRevocationList(other, keys), (e: unknown) => e instanceof RevocationListError && e.code === 'wrong-type');
});

test('a retried write (same Idempotency-Key) is answered with what it did; a new request gets the 409', async () => {
  const p = await holder();
  const first = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH });
  assert.equal((await c.post(`/cards/${first.cardNumber}/hand-over`, baDinh, {})).status, 200);
  const second = await readyCard(t, { personId: p.idNumber, birthDate: p.birthDate, receivingUnitId: BA_DINH, kind: 'renewal' });
  const key = { 'idempotency-key': `hand-over-${second.cardNumber}` };
  const once = await c.post(`/cards/${second.cardNumber}/hand-over`, baDinh, {}, key);
  const retry = await c.post(`/cards/${second.cardNumber}/hand-over`, baDinh, {}, key);
  assert.deepEqual([once.status, retry.status], [200, 200], JSON.stringify(retry.body));
  assert.equal(retry.body.retired, first.cardNumber);
  assert.equal(retry.body.status, 'active');
  const fresh = await c.post(`/cards/${second.cardNumber}/hand-over`, baDinh, {});
  assert.equal(fresh.status, 409);
  const lossKey = { 'idempotency-key': `loss-${second.cardNumber}` };
  const [l1, l2] = [await c.post(`/cards/${second.cardNumber}/loss`, baDinh, { kind: 'lost' }, lossKey), await c.post(`/cards/${second.cardNumber}/loss`, baDinh, { kind: 'lost' }, lossKey)];
  assert.deepEqual([l1.status, l2.status, l2.body.status], [200, 200, 'lost']);
  // The same key for another request is refused (idempotency-key-reused), not replayed.
  const reused = await c.post(`/cards/${second.cardNumber}/loss`, baDinh, { kind: 'stolen' }, lossKey);
  assert.equal(reused.status, 422);
  const events = await t.db.sql<{ card_number: string; action: string }[]>`
    select card_number, action from card_event where card_number in (${first.cardNumber}, ${second.cardNumber}) order by id`;
  assert.deepEqual(events.map((e) => [e.card_number, e.action]), [
    [first.cardNumber, 'hand-over'], [first.cardNumber, 'replaced'], [second.cardNumber, 'hand-over'], [second.cardNumber, 'lost'],
  ]);
});
