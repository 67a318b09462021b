// Merge and undo end to end through the HTTP API (issue 19): two records of one person found by
// the duplicate detection, confirmed by an officer, merged — the household the retired record
// headed, the child, the spouse and the ward who referred to it, and a card held by another
// module (a merge listener over a table of its own, as the cards module will plug in) all move to
// the survivor; the retired number answers person-merged; the history and events of both records
// stay readable — then undone by a central officer, which puts every one of them back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { detectDuplicates } from '../quality/dedup/detect.ts';
import { insertRun } from '../quality/sql.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { registerMergeListener } from './merge.ts';
import { BA_DINH, client, HONG_HA, registered, staleDocuments, THU_DAU_MOT } from './test-helpers.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
let hanoi: string;
let baDinh: string;
let thuDauMot: string;
let unregister: () => void;
const legalBasis = 'Quyết định hợp nhất hồ sơ số 7/2026';

before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
  hanoi = (await t.officer('province', '2:01')).authorization;
  baDinh = (await t.officer('commune', BA_DINH)).authorization;
  thuDauMot = (await t.officer('commune', THU_DAU_MOT)).authorization;
  // Another module's references to persons: the cards module will hold card holders like this.
  await t.db.sql`create table test_card (number text primary key, holder char(12) not null)`;
  unregister = registerMergeListener({
    name: 'cards',
    async onMerge(tx, m) {
      const moved = await tx<{ number: string }[]>`update test_card set holder = ${m.survivor} where holder = ${m.retired} returning number`;
      return moved.map((r) => r.number);
    },
    async onUndo(tx, m) {
      await tx`update test_card set holder = ${m.retired} where number = any(${tx.array(m.moved as string[])}) and holder = ${m.survivor}`;
    },
  });
});
after(async () => {
  unregister();
  await t.close();
});

const born = (body: Record<string, unknown>) => registered(t, central, body);

async function pairOf(x: string, y: string): Promise<string> {
  await detectDuplicates(t.db.sql, { runId: await insertRun(t.db.sql, { actor: 'test', checks: ['duplicates'] }), concurrency: 1 });
  const [a, b] = [x, y].sort();
  const [p] = await t.db.sql<{ id: string }[]>`select id::text from quality_pair where a = ${a!} and b = ${b!}`;
  assert.ok(p, `the detection proposes ${x} and ${y}`);
  return p.id;
}

const get = async (id: string, auth = central) => (await c.get(`/persons/${id}`, auth)).body;

test('a confirmed pair is merged: every reference moves, the retired number points to the survivor, the history of both stays; a central officer undoes it', async () => {
  // The record to be retired: head of a household, married, a father, a legal representative.
  const retired = await born({ fullName: 'Nguyễn Văn Hùng', birthDate: '1970-05-06', permanentResidence: { unitId: BA_DINH, address: 'Số 3 phố Đội Cấn' } });
  const h = await c.post('/households', central, { headIdNumber: retired, unitId: BA_DINH, address: 'Số 3 phố Đội Cấn', legalBasis: 'Đăng ký thường trú' });
  assert.equal(h.status, 201, JSON.stringify(h.body));
  const wife = await born({ fullName: 'Trần Thị Mai', sex: 'female', birthDate: '1972-02-02', permanentResidence: { unitId: BA_DINH, address: 'Số 3 phố Đội Cấn' } });
  assert.equal((await c.post(`/persons/${retired}/marriage`, central, { spouseIdNumber: wife, date: '1995-01-01', legalBasis: 'Giấy chứng nhận kết hôn' })).status, 200);
  const child = await born({ fullName: 'Nguyễn Văn Nam', birthDate: '2000-09-09', fatherIdNumber: retired, motherIdNumber: wife, householdId: h.body.id, relationshipToHead: 'Con' });
  const ward = await born({ fullName: 'Lê Văn Út', birthDate: '2015-01-01', permanentResidence: { unitId: BA_DINH, address: 'Số 5 phố Đội Cấn' } });
  assert.equal((await c.patch(`/persons/${ward}`, central, { legalRepresentativeIdNumber: retired, legalBasis: 'Quyết định giám hộ' }, { 'if-match': '"1"' })).status, 200);
  await t.db.sql`insert into test_card (number, holder) values ('C-0001', ${retired})`;
  // The survivor: the same man registered again in another commune of Hà Nội, typed without diacritics.
  const survivor = await born({ fullName: 'Nguyen Van Hung', birthDate: '1970-05-06', permanentResidence: { unitId: HONG_HA, address: 'Số 8 phố Hàng Bông' } });
  assert.equal((await c.patch(`/persons/${survivor}`, central, { phone: '0912345678', legalBasis: 'Khai báo bổ sung' }, { 'if-match': '"1"' })).status, 200);
  const before = { retired: await get(retired), survivor: await get(survivor) };

  const pairId = await pairOf(retired, survivor);
  // Both persons live in Hà Nội but in two communes: the commune officer of one cannot decide.
  const refused = await c.post(`/quality/pairs/${pairId}/decision`, baDinh, { decision: 'confirm', survivorIdNumber: survivor, legalBasis });
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  const confirmed = await c.post(`/quality/pairs/${pairId}/decision`, hanoi, { decision: 'confirm', survivorIdNumber: survivor, legalBasis });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.status, 'merged');
  const merge = confirmed.body.merge;
  assert.equal(merge.survivor, survivor);
  assert.equal(merge.retired, retired);
  assert.deepEqual(merge.modules.sort(), ['cards', 'quality']);
  assert.deepEqual(merge.moved.filter((m: { kind: string }) => m.kind === 'person').map((m: { id: string }) => m.id).sort(), [child, ward, wife].sort());
  assert.deepEqual(merge.moved.filter((m: { kind: string }) => m.kind === 'household').map((m: { id: string }) => m.id), [h.body.id]);

  // The retired number points to the survivor, for those who may read it.
  const gone = await c.get(`/persons/${retired}`, hanoi);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.type, '/api/v1/problems/person-merged');
  assert.equal(gone.body.mergedInto, survivor);
  assert.equal((await c.get(`/persons/${retired}`, thuDauMot)).status, 403);
  // The survivor took what it lacked; the others refer to it now.
  const s = await get(survivor);
  assert.ok(s.otherNames.includes('Nguyễn Văn Hùng'));
  assert.equal(s.spouse.idNumber, wife);
  assert.equal(s.maritalStatus, 'married');
  assert.equal(s.household.id, h.body.id);
  assert.equal(s.household.head.idNumber, survivor);
  assert.equal(s.relationshipToHead, 'Chủ hộ');
  assert.equal(s.phone, '0912345678');
  assert.equal((await get(child)).father.idNumber, survivor);
  assert.equal((await get(wife)).spouse.idNumber, survivor);
  assert.equal((await get(ward)).legalRepresentative.idNumber, survivor);
  const household = await c.get(`/households/${h.body.id}`, central);
  assert.equal(household.body.head.idNumber, survivor);
  assert.ok(household.body.members.some((m: { idNumber: string }) => m.idNumber === survivor));
  const [card] = await t.db.sql<{ holder: string }[]>`select holder from test_card where number = 'C-0001'`;
  assert.equal(card!.holder, survivor);
  // Every stored person document (survivor, relatives, the household's members) is current.
  assert.deepEqual(await staleDocuments(t.db.sql), [], 'documents after the merge');
  // History of both records: the retired one kept whole under its number, the survivor's merge version.
  const retiredHistory = await c.get(`/persons/${retired}/history`, central);
  assert.equal(retiredHistory.status, 200, JSON.stringify(retiredHistory.body));
  assert.equal(retiredHistory.body.mergedInto, survivor);
  assert.equal(retiredHistory.body.versions[0].version, before.retired.version);
  assert.equal(retiredHistory.body.versions[0].data.fullName, 'Nguyễn Văn Hùng');
  const survivorHistory = await c.get(`/persons/${survivor}/history`, central);
  assert.equal(survivorHistory.body.versions[0].version, before.survivor.version + 1);
  assert.ok(survivorHistory.body.versions[0].changed.includes('spouse'));
  // Events stay with their numbers; the survivor lists the retired number's too.
  const events = (await c.get(`/persons/${survivor}/events`, central)).body.events as { idNumber: string; kind: string }[];
  assert.ok(events.some((e) => e.idNumber === retired && e.kind === 'marriage'));
  assert.ok(events.some((e) => e.idNumber === survivor && e.kind === 'merge'));
  assert.ok(events.some((e) => e.idNumber === retired && e.kind === 'merge'));
  // Audited: the merge of each record and each moved reference, the decision on both persons.
  const audit = await t.db.sql<{ action: string; subject: string }[]>`select action, subject from audit_log where request_id = ${confirmed.headers['x-request-id'] as string}`;
  const actions = (subject: string) => audit.filter((a) => a.subject === subject).map((a) => a.action).sort();
  assert.deepEqual(actions(survivor), ['person.merge', 'quality.pair.confirm']);
  assert.deepEqual(actions(retired), ['person.retire', 'quality.pair.confirm']);
  for (const x of [child, wife, ward]) assert.deepEqual(actions(x), ['person.merge-reference']);
  // A merge is visible to officers who may read the survivor; it is undone only centrally.
  assert.equal((await c.get(`/merges/${merge.id}`, hanoi)).status, 200);
  assert.equal((await c.get(`/merges/${merge.id}`, thuDauMot)).status, 403);
  const notYours = await c.post(`/merges/${merge.id}/undo`, hanoi, { legalBasis });
  assert.equal(notYours.status, 403);
  assert.equal(notYours.body.type, '/api/v1/problems/forbidden');

  const undone = await c.post(`/merges/${merge.id}/undo`, central, { legalBasis: 'Quyết định hủy hợp nhất số 1/2026' });
  assert.equal(undone.status, 200, JSON.stringify(undone.body));
  assert.equal(undone.body.undone.legalBasis, 'Quyết định hủy hợp nhất số 1/2026');
  const r2 = await get(retired);
  assert.equal(r2.version, before.retired.version + 1);
  for (const field of ['fullName', 'birthDate', 'spouse', 'household', 'relationshipToHead', 'maritalStatus', 'children', 'otherNames', 'currentResidence']) {
    assert.deepEqual(r2[field], before.retired[field], `restored ${field}`);
  }
  assert.deepEqual(await staleDocuments(t.db.sql), [], 'documents after the undo');
  const s2 = await get(survivor);
  for (const field of ['otherNames', 'spouse', 'household', 'maritalStatus', 'relationshipToHead', 'phone']) assert.deepEqual(s2[field], before.survivor[field], `survivor ${field}`);
  assert.equal((await get(child)).father.idNumber, retired);
  assert.equal((await get(wife)).spouse.idNumber, retired);
  assert.equal((await get(ward)).legalRepresentative.idNumber, retired);
  assert.equal((await c.get(`/households/${h.body.id}`, central)).body.head.idNumber, retired);
  const [card2] = await t.db.sql<{ holder: string }[]>`select holder from test_card where number = 'C-0001'`;
  assert.equal(card2!.holder, retired);
  const history2 = await c.get(`/persons/${retired}/history`, central);
  assert.equal(history2.body.mergedInto, undefined);
  assert.deepEqual(history2.body.versions.map((v: { version: number }) => v.version).slice(0, 2), [before.retired.version + 1, before.retired.version]);
  // An undone merge's pair is closed for good, and is not proposed again.
  await pairOf(retired, survivor).catch(() => undefined);
  const pair = await c.get(`/quality/pairs/${pairId}`, central);
  assert.equal(pair.body.status, 'undone');
  assert.deepEqual(pair.body.decisions.map((d: { decision: string }) => d.decision), ['confirm', 'undo']);
  const again = await c.post(`/merges/${merge.id}/undo`, central, { legalBasis });
  assert.equal(again.status, 409);
  assert.equal(again.body.reason, 'already-undone');
});

test('a merge cannot be undone once its window has closed (CANCUOC_MERGE_UNDO_DAYS)', async () => {
  const a = await born({ fullName: 'Phạm Văn Cường', birthDate: '1981-08-08', permanentResidence: { unitId: BA_DINH, address: 'Số 1 phố Kim Mã' } });
  const b = await born({ fullName: 'Pham Van Cuong', birthDate: '1981-08-08', permanentResidence: { unitId: BA_DINH, address: 'Số 1 phố Kim Mã' } });
  const pairId = await pairOf(a, b);
  process.env.CANCUOC_MERGE_UNDO_DAYS = '0';
  try {
    const r = await c.post(`/quality/pairs/${pairId}/decision`, baDinh, { decision: 'confirm', survivorIdNumber: a, legalBasis });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const undo = await c.post(`/merges/${r.body.merge.id}/undo`, central, { legalBasis });
    assert.equal(undo.status, 409);
    assert.equal(undo.body.reason, 'window-closed');
  } finally {
    delete process.env.CANCUOC_MERGE_UNDO_DAYS;
  }
});

test('records that cannot be one person are not merged, and nothing changes', async () => {
  const father = await born({ fullName: 'Đỗ Văn Lâm', birthDate: '1960-01-01', permanentResidence: { unitId: BA_DINH, address: 'Số 2 phố Giảng Võ' } });
  const son = await born({ fullName: 'Đỗ Văn Lâm', birthDate: '1990-01-01', fatherIdNumber: father, permanentResidence: { unitId: BA_DINH, address: 'Số 2 phố Giảng Võ' } });
  // Not a pair the detection would propose (other birth dates): merged through the register directly.
  const { mergePersonsInTx } = await import('./merge.ts');
  const { writeTx } = await import('./service.ts');
  const officer = (await t.services.officers.authenticate(central.slice('Bearer '.length)))!;
  const { AuditTrail } = await import('../audit/trail.ts');
  const caller = { officer, requestId: 'test-related-merge', trail: new AuditTrail() };
  await assert.rejects(writeTx(t.services, caller, (tx, key) => mergePersonsInTx(tx, caller, key, { survivor: father, retired: son, legalBasis })),
    (e: Error & { kind?: string; extensions?: { reason?: string } }) => e.kind === 'merge-not-allowed' && e.extensions?.reason === 'related');
  assert.equal((await get(son)).father.idNumber, father);
  assert.equal((await c.get(`/persons/${son}`, central)).status, 200);
});
