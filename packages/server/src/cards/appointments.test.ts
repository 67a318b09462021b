// Online applications with appointments over HTTP (issue 16 item 1): availability, booking by a
// citizen without an officer account, and no double booking under concurrency — many bookings at
// once for a day of capacity N give exactly N places, the others `slot-full`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addDays, todayInVietnam } from '../calendar.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { adult, BA_DINH, client, HONG_HA } from '../registry/test-helpers.ts';
import { DEFAULT_DAILY_CAPACITY } from './appointments.ts';
import { put } from './test-helpers.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
let province: string;

before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
  province = (await t.officer('province', '2:01')).authorization;
});
after(async () => { await t.close(); });

let n = 0;
const LETTERS = 'ABCDEGHIKLMNOPQRSTUVXY';
async function citizen(unitId = BA_DINH) {
  const k = n++;
  const fullName = `Lê Văn Hẹn ${LETTERS.charAt(k % 22)}${LETTERS.charAt(Math.floor(k / 22) % 22).toLowerCase()}`;
  const p = await adult(t, central, { fullName, sex: 'male', birthDate: '1985-02-03', unitId });
  return { idNumber: p.idNumber, fullName, birthDate: '1985-02-03' };
}

const booking = (p: { idNumber: string; fullName: string; birthDate: string }, unitId: string, date: string) =>
  ({ ...p, phone: '0912345678', unitId, date, kind: 'first' });

/** A public request: no Authorization header. */
async function publicCall(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
}

test('availability: the default capacity, then the office\'s own, per day', async () => {
  const from = addDays(todayInVietnam(), 1);
  const to = addDays(from, 2);
  let r = await publicCall('GET', `/card-appointments/availability?unit=${HONG_HA}&from=${from}&to=${to}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.days.length, 3);
  assert.deepEqual(r.body.days[0], { date: from, capacity: DEFAULT_DAILY_CAPACITY, booked: 0, available: DEFAULT_DAILY_CAPACITY });
  const set = await put(t, `/card-offices/${HONG_HA}/appointment-capacity`, province, { perDay: 7 });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  r = await publicCall('GET', `/card-appointments/availability?unit=${HONG_HA}&from=${from}&to=${to}`);
  assert.equal(r.body.days[2].capacity, 7);
  const elsewhere = await put(t, '/card-offices/2:25747/appointment-capacity', province, { perDay: 7 });
  assert.equal(elsewhere.status, 403);
  assert.equal(elsewhere.body.type, '/api/v1/problems/outside-jurisdiction');
  const bad = await publicCall('GET', `/card-appointments/availability?unit=${HONG_HA}&from=${to}&to=${from}`);
  assert.equal(bad.status, 400);
});

test('a citizen books: an online application at the office, identified by number, birth date and name', async () => {
  const p = await citizen();
  const date = addDays(todayInVietnam(), 3);
  const wrong = await publicCall('POST', '/card-appointments', booking({ ...p, birthDate: '1985-02-04' }, BA_DINH, date));
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.type, '/api/v1/problems/citizen-not-identified');
  const [attempt] = await t.db.sql<{ action: string }[]>`select action from audit_log where actor = ${'citizen:' + p.idNumber} order by seq`;
  assert.equal(attempt!.action, 'card.appointment.identification-failed', 'a failed identification is audited');
  const past = await publicCall('POST', '/card-appointments', booking(p, BA_DINH, todayInVietnam()));
  assert.equal(past.status, 400);
  assert.equal(past.body.errors[0].pointer, '/body/date');

  const r = await publicCall('POST', '/card-appointments', booking({ ...p, fullName: p.fullName.toUpperCase() }, BA_DINH, date));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.date, date);
  assert.equal(r.body.unit.id, BA_DINH);
  const commune = (await t.officer('commune', BA_DINH)).authorization;
  const app = await c.get(`/card-applications/${r.body.applicationId}`, commune);
  assert.equal(app.status, 200);
  assert.equal(app.body.channel, 'online');
  assert.equal(app.body.createdBy, `citizen:${p.idNumber}`);
  assert.deepEqual(app.body.appointment, { unitId: BA_DINH, date, released: false });

  const again = await publicCall('POST', '/card-appointments', booking(p, BA_DINH, addDays(date, 1)));
  assert.equal(again.status, 409);
  assert.equal(again.body.type, '/api/v1/problems/open-application-exists');
  assert.equal(again.body.reference, r.body.reference);

  // Cancelling gives the place back.
  const avail = async () => (await publicCall('GET', `/card-appointments/availability?unit=${BA_DINH}&from=${date}&to=${date}`)).body.days[0].booked;
  assert.equal(await avail(), 1);
  const cancel = await c.post(`/card-applications/${r.body.applicationId}/cancellation`, commune, { reason: 'Công dân hủy lịch hẹn' });
  assert.equal(cancel.status, 200);
  assert.equal(cancel.body.appointment.released, true);
  assert.equal(await avail(), 0);
});

test('no double booking: 24 citizens at once for a day of 5 places — exactly 5 succeed', async () => {
  const N = 5;
  const office = '2:00097'; // Hồng Hà
  assert.equal((await put(t, `/card-offices/${office}/appointment-capacity`, central, { perDay: N })).status, 200);
  const date = addDays(todayInVietnam(), 10);
  const people = [];
  for (let i = 0; i < 24; i++) people.push(await citizen(office));
  // All requests in flight together: each is its own transaction on its own connection.
  const results = await Promise.all(people.map((p) => publicCall('POST', '/card-appointments', booking(p, office, date))));
  const ok = results.filter((r) => r.status === 201);
  const full = results.filter((r) => r.status === 409);
  assert.equal(ok.length, N, JSON.stringify(results.map((r) => r.status)));
  assert.equal(full.length, people.length - N);
  for (const r of full) {
    assert.equal(r.body.type, '/api/v1/problems/slot-full');
    assert.deepEqual([r.body.unitId, r.body.date, r.body.capacity], [office, date, N]);
  }
  const [day] = await t.db.sql<{ booked: number; capacity: number }[]>`select booked, capacity from card_appointment_day where unit_id = ${office} and day = ${date}::date`;
  assert.deepEqual({ ...day }, { booked: N, capacity: N });
  const [apps] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from card_appointment where unit_id = ${office} and day = ${date}::date`;
  assert.equal(apps!.n, N, 'one application per place taken, none for a refused booking');
  const avail = await publicCall('GET', `/card-appointments/availability?unit=${office}&from=${date}&to=${date}`);
  assert.equal(avail.body.days[0].available, 0);
});

test('one citizen booking six times at once gets one application; the others are told it exists (no 500)', async () => {
  const p = await citizen();
  const date = addDays(todayInVietnam(), 20);
  const results = await Promise.all(Array.from({ length: 6 }, () => publicCall('POST', '/card-appointments', booking(p, BA_DINH, date))));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409], JSON.stringify(results.map((r) => r.body)));
  for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.type, '/api/v1/problems/open-application-exists');
  const [day] = await t.db.sql<{ booked: number }[]>`select booked from card_appointment_day where unit_id = ${BA_DINH} and day = ${date}::date`;
  assert.equal(day!.booked, 1, 'the refused bookings gave their places back');
});
