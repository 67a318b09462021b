// The old-ID confirmation as a signed document (issue 16 item 5): a JWS that verifies with our
// published keys (GET /pki/keys, as a relying party would fetch them), and a PDF whose text
// poppler reads back with its diacritics and which carries the same JWS.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { verifyJws } from '../keys/jws.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { adult, BA_DINH, client, THU_DAU_MOT } from '../registry/test-helpers.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;

before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
  await t.services.pki.ensureKeys();
});
after(async () => { await t.close(); });

async function withOldId(unitId = BA_DINH) {
  const p = await adult(t, central, { fullName: 'Phạm Thị Ngọc Ánh', sex: 'female', birthDate: '1979-11-30', unitId });
  const r = await c.patch(`/persons/${p.idNumber}`, central, { oldIdNumber: '012345678', legalBasis: 'CMND cấp năm 1996' }, { 'if-match': '"1"' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return p.idNumber;
}

async function get(url: string, auth: string) {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: auth, 'x-request-id': `oldid-${Math.random().toString(36).slice(2, 12)}` } });
  return res;
}

test('the JWS verifies with the published keys and says the old and new number are one person; audited', async () => {
  const idNumber = await withOldId();
  const commune = (await t.officer('commune', BA_DINH)).authorization;
  const res = await get(`/persons/${idNumber}/old-id-confirmation/signed`, commune);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/jose/);
  const keys = (await t.app.inject({ method: 'GET', url: '/api/v1/pki/keys' })).json();
  const { payload, header } = await verifyJws(res.body, keys);
  assert.equal(header.typ, 'old-id-confirmation+jwt');
  const claims = JSON.parse(new TextDecoder().decode(payload));
  assert.deepEqual([claims.idNumber, claims.oldIdNumber, claims.fullName, claims.birthDate], [idNumber, '012345678', 'Phạm Thị Ngọc Ánh', '1979-11-30']);
  const requestId = String(res.headers['x-request-id']);
  const actions = (await t.db.sql<{ action: string }[]>`select action from audit_log where request_id = ${requestId}`).map((r) => r.action);
  assert.ok(actions.includes('person.old-id-confirmation'), actions.join());
  // Altered by one character of the payload, it no longer verifies.
  const [h, p, s] = res.body.split('.');
  const forged = `${h}.${p!.slice(0, -2)}${p!.at(-2) === 'A' ? 'B' : 'A'}${p!.at(-1)}.${s}`;
  await assert.rejects(verifyJws(forged, keys));
});

test('the PDF reads back in Vietnamese and carries the JWS', async () => {
  const idNumber = await withOldId();
  const res = await get(`/persons/${idNumber}/old-id-confirmation/signed?format=pdf`, central);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  const pdf = res.rawPayload;
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-oldid-'));
  const file = path.join(dir, 'c.pdf');
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.match(text, /GIẤY XÁC NHẬN SỐ CHỨNG MINH NHÂN DÂN/);
  assert.match(text, /Phạm Thị Ngọc Ánh/);
  assert.match(text, /012345678/);
  assert.ok(text.includes(idNumber));
  // The attached JWS (poppler's pdfdetach) verifies with the published keys.
  execFileSync('pdfdetach', ['-saveall', '-o', dir, file]);
  const jws = readFileSync(path.join(dir, 'old-id-confirmation.jws'), 'utf8');
  const keys = (await t.app.inject({ method: 'GET', url: '/api/v1/pki/keys' })).json();
  const claims = JSON.parse(new TextDecoder().decode((await verifyJws(jws, keys)).payload));
  assert.equal(claims.idNumber, idNumber);
});

test('outside the jurisdiction, or without an old number, no document is signed', async () => {
  const far = await withOldId(THU_DAU_MOT);
  const commune = (await t.officer('commune', BA_DINH)).authorization;
  const res = await get(`/persons/${far}/old-id-confirmation/signed`, commune);
  assert.equal(res.statusCode, 403);
  assert.equal(res.json().type, '/api/v1/problems/outside-jurisdiction');
  const none = await adult(t, central, { fullName: 'Vũ Văn Mới', sex: 'male', birthDate: '2000-01-01' });
  const r = await get(`/persons/${none.idNumber}/old-id-confirmation/signed?format=pdf`, central);
  assert.equal(r.statusCode, 404);
});
