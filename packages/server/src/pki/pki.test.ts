// The pki module through the HTTP API against the real database and a SoftHSM2 token: keys made
// in the token, certificates and the master list checked with openssl and with @cancuoc/emrtd's
// parser, Document Signer rotation before its usage period ends, every signature audited.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createCvc, createVirtualChip, decodeCvc, IS_RIGHTS, parseMasterList, personalizeCard, readCard, SAMPLE_PERSON, samplePhoto, samplePki, tinyJpeg, verifyCvcSignature } from '@cancuoc/emrtd';
import type { JSONWebKeySet } from 'jose';
import { buildApp } from '../http/app.ts';
import { signJws, verifyJws } from '../keys/jws.ts';
import type { SignEvent } from '../keys/key-store.ts';
import { createServices } from '../services.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { testAuditLogKey } from '../testing/audit.ts';
import { createTestDatabase } from '../testing/db.ts';
import { testHsmConfig } from '../testing/hsm.ts';
import { DEFAULT_PKI_POLICY, pkiPolicyFromEnv } from './policy.ts';
import { PkiService } from './service.ts';
import type { PkiKeyRow } from './sql.ts';

const DAY = 864e5;
const start = new Date('2026-12-01T00:00:00Z');
let clock = start;
const events: SignEvent[] = [];
let t: TestApp;

before(async () => {
  t = await createTestApp({ pki: { now: () => clock, onSign: (e) => { events.push(e); } } });
});
after(() => t.close());

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-pki-'));
function file(name: string, bytes: Uint8Array | string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}
const pem = (der: Uint8Array) => new X509Certificate(der).toString();
const rows = () => t.db.sql<PkiKeyRow[]>`select * from pki_key order by created_at, label`;

test('the master list is public, CMS-signed by a master list signer the CSCA certified; openssl and emrtd verify it', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/pki/masterlist' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/octet-stream');
  assert.match(String(res.headers['cache-control']), /public/);
  const ml = parseMasterList(res.rawPayload);
  assert.equal(ml.signatureValid, true);
  assert.equal(ml.certificates.length, 1);
  const [csca] = await t.db.sql<PkiKeyRow[]>`select * from pki_key where role = 'csca'`;
  assert.deepEqual(Buffer.from(ml.certificates[0]!), csca!.certificate);

  const cscaPem = file('csca.pem', pem(csca!.certificate!));
  const mlFile = file('ml.der', res.rawPayload);
  execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-in', mlFile, '-CAfile', cscaPem, '-purpose', 'any', '-out', path.join(tmp, 'ml-content.der')], { stdio: 'pipe' });
  const content = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', path.join(tmp, 'ml-content.der')], { encoding: 'utf8' });
  assert.match(content, /INTEGER\s+:00/, 'CscaMasterList version v0');
});

test('CSCA, Document Signer and master list signer certificates chain in openssl, with the 9303-12 profile', async () => {
  const byRole = Object.fromEntries((await rows()).map((r) => [r.role, r]));
  const csca = byRole.csca!;
  const cscaPem = file('csca2.pem', pem(csca.certificate!));
  const text = (der: Uint8Array) => execFileSync('openssl', ['x509', '-noout', '-text', '-in', file('c.pem', pem(der))], { encoding: 'utf8' });
  const cscaText = text(csca.certificate!);
  assert.match(cscaText, /Certificate Sign, CRL Sign/);
  assert.match(cscaText, /CA:TRUE, pathlen:0/);
  assert.match(cscaText, /Private Key Usage Period/);
  assert.match(cscaText, /ASN1 OID: brainpoolP256r1/);
  for (const role of ['document-signer', 'master-list-signer'] as const) {
    const r = byRole[role]!;
    assert.equal(r.issuer_label, csca.label);
    const out = execFileSync('openssl', ['verify', '-CAfile', cscaPem, '-partial_chain', '-attime', String(Math.floor(start.getTime() / 1000) + 60), file(`${role}.pem`, pem(r.certificate!))], { encoding: 'utf8' });
    assert.match(out, /OK/);
    const x = text(r.certificate!);
    assert.match(x, /Digital Signature/);
    assert.match(x, /Private Key Usage Period/);
    // Usage period as the policy says; the certificate outlives it by the documents' validity.
    assert.equal(r.usage_until.getTime() - r.usage_from.getTime(), DEFAULT_PKI_POLICY[role].usageDays * DAY);
    assert.equal(new Date(new X509Certificate(r.certificate!).validTo).getTime(), r.verify_until!.getTime());
  }
  assert.match(text(byRole['master-list-signer']!.certificate!), /2\.23\.136\.1\.1\.3/, 'master list signing extended key usage');
  // QR and document keys are not certified by the CSCA: a compromise of these online keys must not let anyone sign a chip.
  assert.equal(byRole['card-qr']!.certificate, null);
  assert.equal(byRole.document!.certificate, null);
});

test('private keys stay in the token: the database has public keys and certificates only', async () => {
  const store = t.services.pki.keyStore();
  for (const r of await rows()) {
    assert.ok(store.hasKey(r.label), r.label);
    assert.deepEqual(store.key(r.label).spki, r.spki);
  }
});

test('every signature the pki makes reaches the sign hook', async () => {
  const kinds = events.map((e) => e.purpose).sort();
  assert.deepEqual(kinds, ['certificate', 'certificate', 'certificate', 'cv-certificate', 'cv-certificate', 'master-list']);
  const csca = (await rows()).find((r) => r.role === 'csca')!;
  const cvca = (await rows()).find((r) => r.role === 'cvca')!;
  assert.ok(events.filter((e) => e.purpose === 'certificate').every((e) => e.keyLabel === csca.label), 'the CSCA signs every certificate');
  assert.ok(events.filter((e) => e.purpose === 'cv-certificate').every((e) => e.keyLabel === cvca.label), 'the CVCA signs its own certificate and the Document Verifier\'s');
  for (const e of events) assert.match(e.digest, /^[0-9a-f]{64}$/);
});

test('GET /pki/keys is a JWK set that verifies a JWS signed with the document key', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/pki/keys' });
  assert.equal(res.statusCode, 200);
  const body = res.json() as JSONWebKeySet & { certificates: Array<{ role: string; certificate: string }> };
  assert.deepEqual(body.keys.map((k) => (k as { role: string }).role).sort(), ['card-qr', 'document']);
  assert.deepEqual(body.certificates.map((c) => c.role).sort(), ['csca', 'document-signer', 'master-list-signer']);
  assert.deepEqual((body as unknown as { cvCertificates: Array<{ role: string; chr: string }> }).cvCertificates.map((c) => [c.role, c.chr]), [['cvca', 'VNCVCA00001'], ['document-verifier', 'VNDV00001']]);
  const doc = await t.services.pki.currentKey('document');
  const jws = await signJws(t.services.pki.keyStore(), { hello: 'xin chào' }, doc.label);
  const { payload, header } = await verifyJws(jws, body);
  assert.equal(header.kid, doc.kid);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), { hello: 'xin chào' });
});

// Extended Access Control (9303-11 §7, TR-03110-3): chips trust the CVCA; inspection systems
// present a chain from it. OpenPACE's cvc-print checks the certificates apart from our code.
const fingers = [{ position: 'right-index' as const, image: tinyJpeg(64, 80, (x, y) => ((x + y) % 3) * 60) }];
function cardTrusting(cvca: Uint8Array, date: Date) {
  const pki = samplePki();
  const card = personalizeCard({ person: SAMPLE_PERSON, photo: samplePhoto(), fingerprints: fingers, pki: { dsCert: pki.dsCert, dsKey: pki.dsKey }, options: { eac: { trustPoints: [cvca], date } } });
  return { card, trust: { cscas: [pki.cscaCert] } };
}

test('the CVCA and the Document Verifier are card-verifiable certificates made in the token; OpenPACE verifies them', async () => {
  const byRole = { cvca: await t.services.pki.currentKey('cvca'), 'document-verifier': await t.services.pki.currentKey('document-verifier') };
  const cvca = decodeCvc(byRole.cvca.certificate!);
  const dv = decodeCvc(byRole['document-verifier'].certificate!);
  assert.match(cvca.chr, /^VNCVCA0000\d$/);
  assert.deepEqual([cvca.car, cvca.role, cvca.rights], [cvca.chr, 'cvca', IS_RIGHTS.dg3 | IS_RIGHTS.dg4], 'self-signed, both rights');
  assert.match(dv.chr, /^VNDV0000\d$/);
  assert.deepEqual([dv.car, dv.role], [cvca.chr, 'dv-domestic']);
  assert.equal(byRole['document-verifier'].issuer_label, byRole.cvca.label);
  assert.equal(verifyCvcSignature(dv, { curve: cvca.curve!, point: cvca.point, hash: cvca.hash }), true);
  assert.ok(dv.expiration.getTime() <= byRole['document-verifier'].usage_until.getTime(), 'a DV certificate ends with its key\'s use');
  const dir = mkdtempSync(path.join(tmp, 'cvc-'));
  writeFileSync(path.join(dir, cvca.chr), byRole.cvca.certificate!);
  writeFileSync(path.join(dir, 'dv.cvcert'), byRole['document-verifier'].certificate!);
  const out = execFileSync('cvc-print', ['--cvc', path.join(dir, 'dv.cvcert'), '--cvc-dir', dir], { encoding: 'utf8' });
  assert.match(out, new RegExp(`CHR: ${dv.chr}`));
  assert.match(out, /certificate verified/);
});

test('quality control\'s inspection system: a day-long certificate from the Document Verifier in the token opens DG3 of a chip trusting our CVCA', async () => {
  const cvca = await t.services.pki.currentKey('cvca');
  const is = await t.services.pki.inspectionSystem();
  const { card, trust } = cardTrusting(new Uint8Array(cvca.certificate!), clock);
  const credentials = is.credentialsFor([new Uint8Array(cvca.certificate!)])!;
  assert.equal(credentials.certificates.length, 2, 'DV and IS');
  const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), trust, terminal: credentials });
  assert.deepEqual(r.terminalAuthentication, { status: 'success', rights: IS_RIGHTS.dg3 });
  assert.equal(r.passive.dataGroups[3], 'match');
  assert.ok(is.expiresAt.getTime() - clock.getTime() <= 2 * DAY);
  assert.equal(await t.services.pki.inspectionSystem(), is, 'one certificate serves until it nears its end');
  // A chip that trusts another state's CVCA gets no chain from us.
  const k = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' });
  const foreign = createCvc({ car: 'XXCVCA00001', chr: 'XXCVCA00001', publicKey: k.publicKey, role: 'cvca', rights: 3, effective: start, expiration: new Date('2029-12-31'), signerKey: k.privateKey });
  assert.equal(is.credentialsFor([foreign]), undefined);
});

test('the Document Signer is replaced before its usage period ends; the old one stays published and its private key is removed when the period is over', async () => {
  const oldDs = await t.services.pki.currentKey('document-signer');
  const oldCsca = await t.services.pki.currentKey('csca');
  const policy = DEFAULT_PKI_POLICY['document-signer'];
  // One day before rotation is due: nothing changes.
  clock = new Date(oldDs.usage_until.getTime() - (policy.rotateBeforeDays + 1) * DAY);
  assert.deepEqual((await t.services.pki.ensureKeys()).created, []);
  // Rotation due: currentKey itself rotates.
  clock = new Date(oldDs.usage_until.getTime() - policy.rotateBeforeDays * DAY);
  events.length = 0;
  const newDs = await t.services.pki.currentKey('document-signer');
  assert.notEqual(newDs.label, oldDs.label);
  assert.ok(newDs.usage_from.getTime() < oldDs.usage_until.getTime(), 'the new key is in use before the old one\'s period ends');
  assert.deepEqual(events.filter((e) => e.purpose === 'certificate').map((e) => [e.purpose, e.keyLabel]), [['certificate', oldCsca.label]]);
  assert.equal((await t.services.pki.currentKey('csca')).label, oldCsca.label);
  const [old] = await t.db.sql<PkiKeyRow[]>`select * from pki_key where label = ${oldDs.label}`;
  assert.ok(old!.retired_at);
  assert.equal(old!.destroyed_at, null);
  assert.ok(t.services.pki.keyStore().hasKey(oldDs.label), 'still in the token until its usage period ends');

  clock = new Date(oldDs.usage_until.getTime() + DAY);
  const report = await t.services.pki.ensureKeys();
  assert.ok(report.destroyed.includes(oldDs.label));
  assert.equal(t.services.pki.keyStore().hasKey(oldDs.label), false);
  const published = (await t.app.inject({ method: 'GET', url: '/api/v1/pki/keys' })).json() as { certificates: Array<{ role: string; kid: string }> };
  const dsKids = published.certificates.filter((c) => c.role === 'document-signer').map((c) => c.kid);
  assert.deepEqual(dsKids.sort(), [oldDs.kid, newDs.kid].sort(), 'signatures of the old Document Signer still verify');
});

test('a new CSCA joins the master list, which is signed again', async () => {
  const oldCsca = await t.services.pki.currentKey('csca');
  clock = new Date(oldCsca.usage_until.getTime() - DEFAULT_PKI_POLICY.csca.rotateBeforeDays * DAY);
  const report = await t.services.pki.ensureKeys();
  assert.ok(report.created.some((c) => c.role === 'csca'));
  assert.equal(report.masterListSigned, true);
  const ml = parseMasterList((await t.app.inject({ method: 'GET', url: '/api/v1/pki/masterlist' })).rawPayload);
  assert.equal(ml.certificates.length, 2);
  assert.equal(ml.signatureValid, true);
  // Certificates issued from now on come from the new CSCA.
  const newCsca = await t.services.pki.currentKey('csca');
  clock = new Date((await t.services.pki.currentKey('document-signer')).usage_until.getTime() - DEFAULT_PKI_POLICY['document-signer'].rotateBeforeDays * DAY);
  assert.equal((await t.services.pki.currentKey('document-signer')).issuer_label, newCsca.label);
});

test('two servers starting at once create one set of keys', async () => {
  const db = await createTestDatabase();
  const a = new PkiService(db.sql, { hsm: testHsmConfig(), now: () => start });
  const b = new PkiService(db.sql, { hsm: testHsmConfig(), now: () => start });
  try {
    const [ra, rb] = await Promise.all([a.ensureKeys(), b.ensureKeys()]);
    assert.equal(ra.created.length + rb.created.length, 7);
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from pki_key`;
    assert.equal(n, 7);
    const [{ m }] = await db.sql<{ m: number }[]>`select count(*)::int as m from pki_master_list`;
    assert.equal(m, 1);
  } finally {
    a.close();
    b.close();
    await db.drop();
  }
});

test('a new CVCA comes with a link certificate from the old one and a new Document Verifier; chips trusting either open DG3', async () => {
  const before = (await rows()).filter((r) => r.role === 'cvca');
  const oldCvca = await t.services.pki.currentKey('cvca');
  if (before.length === 1) {
    clock = new Date(oldCvca.usage_until.getTime() - DEFAULT_PKI_POLICY.cvca.rotateBeforeDays * DAY);
    await t.services.pki.ensureKeys();
  }
  const cvcas = (await rows()).filter((r) => r.role === 'cvca');
  assert.equal(cvcas.length, 2);
  const [previous, current] = cvcas as [PkiKeyRow, PkiKeyRow];
  assert.equal(previous.link_certificate, null);
  const link = decodeCvc(current.link_certificate!);
  const prevCv = decodeCvc(previous.certificate!);
  assert.deepEqual([link.car, link.chr], ['VNCVCA00001', 'VNCVCA00002']);
  assert.equal(verifyCvcSignature(link, { curve: prevCv.curve!, point: prevCv.point, hash: prevCv.hash }), true, 'signed by the previous CVCA');
  const dvRow = await t.services.pki.currentKey('document-verifier');
  assert.equal(dvRow.issuer_label, current.label, 'the Document Verifier follows the new CVCA');
  const is = await t.services.pki.inspectionSystem();
  for (const [trusted, chain] of [[previous, 3], [current, 2]] as const) {
    const { card, trust } = cardTrusting(new Uint8Array(trusted.certificate!), clock);
    const credentials = is.credentialsFor([new Uint8Array(trusted.certificate!)])!;
    assert.equal(credentials.certificates.length, chain);
    const r = await readCard(createVirtualChip(card), { mrz: card.mrz.join('\n'), trust, terminal: credentials });
    assert.deepEqual(r.terminalAuthentication, { status: 'success', rights: IS_RIGHTS.dg3 }, `a chip trusting ${decodeCvc(trusted.certificate!).chr}`);
    assert.deepEqual(r.denied, []);
  }
  const published = (await t.app.inject({ method: 'GET', url: '/api/v1/pki/keys' })).json() as { cvCertificates: Array<{ chr: string; linkCertificate?: string }> };
  assert.deepEqual(published.cvCertificates.map((c) => [c.chr, Boolean(c.linkCertificate)]).filter(([chr]) => String(chr).includes('CVCA')), [['VNCVCA00001', false], ['VNCVCA00002', true]]);
});

test('without a key store the pki answers 503 key-store-unavailable as a problem document', async () => {
  const db = await createTestDatabase();
  const app = await buildApp(createServices(db.sql, { idNumberKey: Buffer.alloc(32), auditLogKey: testAuditLogKey }));
  try {
    for (const url of ['/api/v1/pki/keys', '/api/v1/pki/masterlist']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'CC-PKI-001');
    }
  } finally {
    await app.close();
    await db.drop();
  }
});

test('the OpenAPI document declares both routes: operationIds, public, binary and JSON bodies, problem responses', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
  const ml = doc.paths['/api/v1/pki/masterlist'].get;
  assert.equal(ml.operationId, 'getMasterList');
  assert.deepEqual(ml.security, []);
  assert.ok(ml.responses['200'].content['application/octet-stream']);
  assert.ok(ml.responses['503'].content['application/problem+json'] && ml.responses['500']);
  const keys = doc.paths['/api/v1/pki/keys'].get;
  assert.equal(keys.operationId, 'getPublishedKeys');
  assert.deepEqual(keys.security, []);
  assert.ok(keys.responses['200'].content['application/json'].schema.properties.keys);
});

test('policy overrides come from the environment and absurd ones are refused', () => {
  const p = pkiPolicyFromEnv({ CANCUOC_PKI_DOCUMENT_SIGNER_USAGE_DAYS: '30', CANCUOC_PKI_CARD_QR_CURVE: 'P-384', CANCUOC_PKI_DOCUMENT_VERIFY_DAYS: 'forever' });
  assert.equal(p['document-signer'].usageDays, 30);
  assert.equal(p['card-qr'].curve, 'P-384');
  assert.equal(p.document.verifyDays, null);
  assert.throws(() => pkiPolicyFromEnv({ CANCUOC_PKI_CARD_QR_CURVE: 'brainpoolP256r1' }), /need a P-256/);
  assert.throws(() => pkiPolicyFromEnv({ CANCUOC_PKI_DOCUMENT_SIGNER_ROTATE_BEFORE_DAYS: '90' }), /leaves no time/);
  assert.throws(() => pkiPolicyFromEnv({ CANCUOC_PKI_DOCUMENT_SIGNER_VERIFY_DAYS: '99999' }), /CSCA must verify/);
  assert.throws(() => pkiPolicyFromEnv({ CANCUOC_PKI_CSCA_USAGE_DAYS: 'three years' }), /whole number of days/);
});
