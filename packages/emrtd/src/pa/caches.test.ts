// The caches of passive authentication must never change a verdict: the chain verdict (cached per
// Document Signer, dates judged per call), the certificate cache (keyed by length and tail,
// confirmed on the whole DER) and the results handed to callers (no shared mutable state).
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { test } from 'node:test';
import { encodeSod } from '../lds/sod.ts';
import { createCrl, createCscaCertificate, createDocumentSignerCertificate } from '../pki/index.ts';
import { certificateInfo } from './certificate-info.ts';
import { TrustStore, passiveAuthentication } from './index.ts';

type Kp = { privateKey: KeyObject; publicKey: KeyObject };
const ec = (): Kp => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);
const dataGroups = new Map<number, Uint8Array>([
  [1, Uint8Array.of(0x61, 0x03, 0x5f, 0x1f, 0x00)],
  [14, Uint8Array.of(0x6e, 0x02, 0x31, 0x00)],
]);

const cscaKey = ec();
const csca = createCscaCertificate({
  subject: { country: 'VN', commonName: 'CSCA caches' },
  publicKey: cscaKey.publicKey,
  privateKey: cscaKey.privateKey,
  notBefore: new Date('2015-01-01T00:00:00Z'),
  notAfter: new Date('2040-06-30T12:00:00Z'),
});

function dsSod(o: { notBefore?: Date; notAfter?: Date; serialNumber?: Uint8Array; key?: Kp } = {}) {
  const key = o.key ?? ec();
  const ds = createDocumentSignerCertificate({
    subject: { country: 'VN', commonName: 'DS caches' },
    publicKey: key.publicKey,
    issuerCertificate: csca,
    issuerKey: cscaKey.privateKey,
    notBefore: o.notBefore ?? new Date('2020-01-01T00:00:00Z'),
    notAfter: o.notAfter ?? new Date('2030-01-01T00:00:00Z'),
    ...(o.serialNumber ? { serialNumber: o.serialNumber } : {}),
  });
  return { ds, sod: encodeSod({ dataGroups, dsCertificate: ds, dsKey: key.privateKey }) };
}

test('a cached chain verdict does not survive a change of `at`: DS expiry, and CSCA expiry within the same day', () => {
  const { sod } = dsSod({ notAfter: new Date('2030-01-01T10:00:00Z') });
  const trust = new TrustStore().addCertificates(csca);
  const pa = (at: string) => passiveAuthentication(sod, { trust, dataGroups, at: new Date(at) });
  assert.deepEqual(codes(pa('2029-12-31T00:00:00Z')), []);
  // Same day as the valid verification below, one second after the DS's notAfter.
  assert.deepEqual(codes(pa('2030-01-01T09:59:59Z')), []);
  assert.deepEqual(codes(pa('2030-01-01T10:00:01Z')), ['ERR_PA_DS_EXPIRED']);
  assert.deepEqual(codes(pa('2029-12-31T00:00:00Z')), []);
  // The CSCA expires at noon: a DS valid that whole day passes before noon, fails after.
  const { sod: sod2 } = dsSod({ notAfter: new Date('2041-01-01T00:00:00Z') });
  const pa2 = (at: string) => passiveAuthentication(sod2, { trust, dataGroups, at: new Date(at) });
  assert.deepEqual(codes(pa2('2040-06-30T11:59:59Z')), []);
  assert.deepEqual(codes(pa2('2040-06-30T12:00:01Z')), ['ERR_PA_CSCA_EXPIRED']);
  assert.deepEqual(codes(pa2('2040-06-30T11:59:59Z')), []);
});

test('a CRL added after the first verification revokes; the chain is re-judged', () => {
  const { ds, sod } = dsSod();
  const trust = new TrustStore().addCertificates(csca);
  assert.equal(passiveAuthentication(sod, { trust, dataGroups }).valid, true);
  const serialNumber = Buffer.from(certificateInfo(ds).serialHex, 'hex');
  trust.addCrl(createCrl({ issuerCertificate: csca, issuerKey: cscaKey.privateKey, revoked: [{ serialNumber }] }));
  const r = passiveAuthentication(sod, { trust, dataGroups });
  assert.equal(r.valid, false);
  assert.deepEqual(codes(r), ['ERR_PA_REVOKED']);
  // Also when the CRL is pushed onto the public array rather than added.
  const trust2 = new TrustStore().addCertificates(csca);
  assert.equal(passiveAuthentication(sod, { trust: trust2, dataGroups }).valid, true);
  trust2.crls.push(...trust.crls);
  assert.deepEqual(codes(passiveAuthentication(sod, { trust: trust2, dataGroups })), ['ERR_PA_REVOKED']);
});

test('a different certificate with the same serial number does not hit the cache', () => {
  const serialNumber = Uint8Array.of(0x01, 0x23, 0x45);
  const a = dsSod({ serialNumber, notAfter: new Date('2030-01-01T00:00:00Z') });
  const b = dsSod({ serialNumber, notAfter: new Date('2022-01-01T00:00:00Z') });
  assert.equal(certificateInfo(a.ds).serialHex, certificateInfo(b.ds).serialHex);
  const trust = new TrustStore().addCertificates(csca);
  const at = new Date('2025-01-01T00:00:00Z');
  assert.deepEqual(codes(passiveAuthentication(a.sod, { trust, dataGroups, at })), []);
  assert.deepEqual(codes(passiveAuthentication(b.sod, { trust, dataGroups, at })), ['ERR_PA_DS_EXPIRED']);
  assert.deepEqual(codes(passiveAuthentication(a.sod, { trust, dataGroups, at })), []);
  // A's SOD naming B's certificate (same issuer and serial) is signed by the wrong key.
  const r = passiveAuthentication(a.sod, { trust, dataGroups, at, dsCertificates: [b.ds] });
  assert.equal(r.signer!.notAfter, '2030-01-01T00:00:00.000Z'); // still A, from the SOD itself
});

test('the certificate cache compares whole DERs: same length and tail, other bytes → other certificate', () => {
  const { ds } = dsSod();
  const first = certificateInfo(ds);
  // Change one letter of the subject's common name: same length, same last bytes (signature).
  const other = Uint8Array.from(ds);
  const at = Buffer.from(other).indexOf('DS caches');
  other[at] = 'X'.charCodeAt(0);
  const second = certificateInfo(other);
  assert.notEqual(second, first);
  assert.match(second.summary.subject, /CN=XS caches/);
  assert.notEqual(second.fingerprint, first.fingerprint);
  assert.equal(certificateInfo(ds).summary.subject, first.summary.subject);
});

test('results share nothing mutable with the caches', () => {
  const { sod } = dsSod({ notAfter: new Date('2021-01-01T00:00:00Z') });
  const trust = new TrustStore().addCertificates(csca);
  const at = new Date('2025-01-01T00:00:00Z');
  const r1 = passiveAuthentication(sod, { trust, dataGroups, at });
  r1.errors[0]!.message = 'changed by a caller';
  r1.signer!.subject = 'changed by a caller';
  const r2 = passiveAuthentication(sod, { trust, dataGroups, at });
  assert.match(r2.errors[0]!.message, /^Document Signer not valid on 2025-01-01/);
  assert.match(r2.signer!.subject, /CN=DS caches/);
});
