import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomInt, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as asn1js from 'asn1js';
import { EmrtdError } from '../errors.ts';
import { decodeSod, encodeCom, encodeDg1, encodeDg13, encodeDg14, encodeDg15, encodeDg2, dg13FieldsFromPerson, encodeSod, SECURITY_INFO_OID } from '../lds/index.ts';
import { syntheticJpeg } from '../lds/synthetic-jpeg.ts';
import { vietnamTd1 } from '../mrz/index.ts';
import {
  createCrl,
  createCscaCertificate,
  createDocumentSignerCertificate,
  createMasterList,
  createMasterListSignerCertificate,
  parseCrl,
  parseMasterList,
  toPem,
} from '../pki/index.ts';
import type { SignatureAlgorithm } from '../cms/index.ts';
import type { HashName } from '../cms/oids.ts';
import { PaInputError, TrustStore, passiveAuthentication } from './index.ts';

type Kp = { privateKey: KeyObject; publicKey: KeyObject };
const ec = (curve: string): Kp => generateKeyPairSync('ec', { namedCurve: curve });
const rsa = (): Kp => generateKeyPairSync('rsa', { modulusLength: 2048 });

function pki(cscaKey: Kp = ec('brainpoolP256r1'), dsKey: Kp = ec('prime256v1'), dsOpts: { notBefore?: Date; notAfter?: Date; spki?: Uint8Array; alg?: SignatureAlgorithm } = {}) {
  const csca = createCscaCertificate({ subject: { country: 'VN', organization: 'cancuoc test', commonName: 'CSCA test' }, publicKey: cscaKey.publicKey, privateKey: cscaKey.privateKey, notBefore: new Date('2015-01-01'), notAfter: new Date('2045-01-01') });
  const ds = createDocumentSignerCertificate({
    subject: { country: 'VN', organization: 'cancuoc test', commonName: 'DS test' },
    publicKey: dsKey.publicKey,
    issuerCertificate: csca,
    issuerKey: cscaKey.privateKey,
    ...(dsOpts.notBefore ? { notBefore: dsOpts.notBefore } : {}),
    ...(dsOpts.notAfter ? { notAfter: dsOpts.notAfter } : {}),
    ...(dsOpts.spki ? { subjectPublicKeyInfo: dsOpts.spki } : {}),
  });
  return { csca, cscaKey, ds, dsKey };
}

const PERSON = {
  idNumber: '001090001234', fullName: 'Nguyễn Văn A', birthDate: '1990-01-01', sex: 'male' as const, nationality: 'Việt Nam', ethnicity: 'Kinh',
  religion: 'Không', nativePlace: 'Hà Nội', residence: 'Hà Nội', identifyingMarks: 'Nốt ruồi', issueDate: '2021-06-15', expiryDate: '2030-01-01',
  fatherName: 'Nguyễn Văn B', motherName: 'Trần Thị C',
};

function card() {
  const dgs = new Map<number, Uint8Array>([
    [1, encodeDg1(vietnamTd1({ ...PERSON, fullName: PERSON.fullName }))],
    [2, encodeDg2({ data: syntheticJpeg(480, 640, 15000) })],
    [13, encodeDg13(dg13FieldsFromPerson(PERSON))],
    [14, encodeDg14([{ kind: 'ChipAuthenticationInfo', protocol: SECURITY_INFO_OID.CA_ECDH_AES_CBC_CMAC_128, version: 1 }])],
    [15, encodeDg15(ec('prime256v1').publicKey)],
  ]);
  return dgs;
}

function sodFor(p: ReturnType<typeof pki>, dgs: Map<number, Uint8Array>, extra: { digest?: HashName; signatureAlgorithm?: SignatureAlgorithm; noSignedAttributes?: boolean; ldsVersionInfo?: { ldsVersion: string; unicodeVersion: string } } = {}) {
  return encodeSod({ dataGroups: dgs, dsCertificate: p.ds, dsKey: p.dsKey.privateKey, ...extra });
}

const trustOf = (...cscas: Uint8Array[]) => {
  const t = new TrustStore();
  for (const c of cscas) t.addCertificates(c);
  return t;
};
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

test('a SOD we produce is valid; every DG matches; the LDSSecurityObject reads back', () => {
  const p = pki();
  const dgs = card();
  const sod = sodFor(p, dgs);
  const r = passiveAuthentication(sod, { trust: trustOf(p.csca), dataGroups: dgs });
  assert.deepEqual(r.errors, []);
  assert.equal(r.valid, true);
  assert.equal(r.signatureValid, true);
  assert.equal(r.chainValid, true);
  assert.deepEqual(r.dataGroups, { 1: 'match', 2: 'match', 13: 'match', 14: 'match', 15: 'match' });
  assert.match(r.signer!.subject, /CN=DS test/);
  const d = decodeSod(sod);
  assert.equal(d.ldsSecurityObject.version, 0);
  assert.equal(d.signedData.version, 3);
  assert.deepEqual([...d.ldsSecurityObject.dataGroupHashes.keys()], [1, 2, 13, 14, 15]);
  // Not supplying DGs is not an error unless required.
  const partial = passiveAuthentication(sod, { trust: trustOf(p.csca), dataGroups: { 1: dgs.get(1)! } });
  assert.equal(partial.valid, true);
  assert.equal(partial.dataGroups[2], 'missing');
  const required = passiveAuthentication(sod, { trust: trustOf(p.csca), dataGroups: { 1: dgs.get(1)! }, requiredDataGroups: [1, 2] });
  assert.equal(required.valid, false);
  assert.deepEqual(codes(required), ['ERR_PA_DG_REQUIRED']);
});

test('one byte changed in any DG → that DG mismatches; a DG not in the SOD is an error', () => {
  const p = pki();
  const dgs = card();
  const sod = sodFor(p, dgs);
  const trust = trustOf(p.csca);
  for (const [n, bytes] of dgs) {
    const changed = Buffer.from(bytes);
    changed[randomInt(0, changed.length)]! ^= 0x01;
    const r = passiveAuthentication(sod, { trust, dataGroups: new Map([...dgs, [n, changed]]) });
    assert.equal(r.valid, false);
    assert.equal(r.dataGroups[n], 'mismatch');
    assert.equal(r.signatureValid, true);
    assert.deepEqual(codes(r), ['ERR_PA_DG_HASH_MISMATCH']);
  }
  const r = passiveAuthentication(sod, { trust, dataGroups: new Map([...dgs, [3, Buffer.from('63020000', 'hex')]]) });
  assert.equal(r.dataGroups[3], 'unexpected');
  assert.deepEqual(codes(r), ['ERR_PA_DG_NOT_IN_SOD']);
});

test('a changed signature byte → signatureValid false; a changed LDSSecurityObject → message digest error', () => {
  const p = pki();
  const dgs = card();
  const sod = Buffer.from(sodFor(p, dgs));
  const d = decodeSod(sod);
  const sig = Buffer.from(d.signedData.signerInfos[0]!.signature);
  const at = sod.indexOf(sig);
  const bad = Buffer.from(sod);
  bad[at + sig.length - 3]! ^= 0x40;
  const r = passiveAuthentication(bad, { trust: trustOf(p.csca), dataGroups: dgs });
  assert.equal(r.signatureValid, false);
  assert.equal(r.valid, false);
  assert.ok(codes(r).includes('ERR_PA_SIGNATURE') || codes(r).includes('ERR_PA_SOD_DECODE'));
  const lsoAt = sod.indexOf(Buffer.from(d.ldsSecurityObject.dataGroupHashes.get(1)!));
  const bad2 = Buffer.from(sod);
  bad2[lsoAt]! ^= 0x01;
  const r2 = passiveAuthentication(bad2, { trust: trustOf(p.csca), dataGroups: dgs });
  assert.equal(r2.signatureValid, false);
  assert.ok(codes(r2).includes('ERR_PA_MESSAGE_DIGEST'));
  assert.equal(r2.dataGroups[1], 'mismatch');
});

test('another CSCA → chainValid false', () => {
  const p = pki();
  const other = pki();
  const dgs = card();
  const r = passiveAuthentication(sodFor(p, dgs), { trust: trustOf(other.csca), dataGroups: dgs });
  assert.equal(r.signatureValid, true);
  assert.equal(r.chainValid, false);
  assert.equal(r.valid, false);
  assert.deepEqual(codes(r), ['ERR_PA_CSCA_NOT_FOUND']);
});

test('a revoked Document Signer (CSCA CRL) fails with ERR_PA_REVOKED; a forged CRL is ignored', () => {
  const p = pki();
  const dgs = card();
  const sod = sodFor(p, dgs);
  const serial = decodeSod(sod).signedData.signerInfos[0]!.serialNumber!;
  const crl = createCrl({ issuerCertificate: p.csca, issuerKey: p.cscaKey.privateKey, revoked: [{ serialNumber: serial }] });
  const parsed = parseCrl(crl);
  assert.equal(parsed.revokedSerials.size, 1);
  const trust = trustOf(p.csca).addCrl(Buffer.from(toPem(crl, 'X509 CRL')));
  const r = passiveAuthentication(sod, { trust, dataGroups: dgs });
  assert.equal(r.chainValid, false);
  assert.deepEqual(codes(r), ['ERR_PA_REVOKED']);
  // The same CRL signed by a key that is not the CSCA's does not revoke.
  const forged = createCrl({ issuerCertificate: p.csca, issuerKey: ec('brainpoolP256r1').privateKey, revoked: [{ serialNumber: serial }] });
  const r2 = passiveAuthentication(sod, { trust: trustOf(p.csca).addCrl(forged), dataGroups: dgs });
  assert.equal(r2.valid, true);
  assert.deepEqual(codes(r2), ['ERR_PA_CRL_INVALID']);
  // An empty CRL revokes nothing.
  const empty = createCrl({ issuerCertificate: p.csca, issuerKey: p.cscaKey.privateKey, revoked: [] });
  assert.equal(passiveAuthentication(sod, { trust: trustOf(p.csca).addCrl(empty), dataGroups: dgs }).valid, true);
});

test('validity is judged at `at`: an expired DS fails, the same DS passes at an earlier date', () => {
  const p = pki(undefined, undefined, { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
  const dgs = card();
  const sod = sodFor(p, dgs);
  const r = passiveAuthentication(sod, { trust: trustOf(p.csca), dataGroups: dgs, at: new Date('2025-06-01') });
  assert.equal(r.chainValid, false);
  assert.deepEqual(codes(r), ['ERR_PA_DS_EXPIRED']);
  const earlier = passiveAuthentication(sod, { trust: trustOf(p.csca), dataGroups: dgs, at: new Date('2020-06-01') });
  assert.deepEqual(codes(earlier), []);
  assert.equal(earlier.valid, true);
  const beforeCsca = passiveAuthentication(sod, { trust: trustOf(p.csca), dataGroups: dgs, at: new Date('2014-06-01') });
  assert.deepEqual(codes(beforeCsca), ['ERR_PA_DS_EXPIRED', 'ERR_PA_CSCA_EXPIRED']);
});

test('algorithms of other countries: RSA-PSS, RSA PKCS#1, brainpool, P-384/521, SHA-1 DG hashes, no signed attributes, LDS 1.8', () => {
  const cases: { name: string; csca: Kp; ds: Kp; extra: Parameters<typeof sodFor>[2] }[] = [
    { name: 'RSA-PSS SHA-256', csca: rsa(), ds: rsa(), extra: { signatureAlgorithm: { kind: 'rsa-pss', hash: 'sha256', mgf1Hash: 'sha256', saltLength: 32 } } },
    { name: 'RSA PKCS#1 SHA-512', csca: rsa(), ds: rsa(), extra: { digest: 'sha512' } },
    { name: 'brainpoolP384r1', csca: ec('brainpoolP512r1'), ds: ec('brainpoolP384r1'), extra: { digest: 'sha384' } },
    { name: 'P-521', csca: ec('secp384r1'), ds: ec('secp521r1'), extra: { digest: 'sha512' } },
    { name: 'SHA-1 DG hashes, ECDSA-SHA256 signature', csca: ec('prime256v1'), ds: ec('prime256v1'), extra: { digest: 'sha1', signatureAlgorithm: { kind: 'ecdsa', hash: 'sha256' } } },
    { name: 'plain ECDSA (TR-03111)', csca: ec('brainpoolP256r1'), ds: ec('brainpoolP256r1'), extra: { signatureAlgorithm: { kind: 'ecdsa-plain', hash: 'sha256' } } },
    { name: 'no signed attributes', csca: ec('prime256v1'), ds: ec('prime256v1'), extra: { noSignedAttributes: true } },
    { name: 'LDS 1.8 version 1', csca: ec('prime256v1'), ds: ec('prime256v1'), extra: { ldsVersionInfo: { ldsVersion: '0108', unicodeVersion: '040000' } } },
  ];
  const dgs = card();
  for (const c of cases) {
    const p = pki(c.csca, c.ds);
    const sod = sodFor(p, dgs, c.extra);
    const r = passiveAuthentication(sod, { trust: trustOf(p.csca), dataGroups: dgs });
    assert.deepEqual(r.errors, [], c.name);
    assert.equal(r.valid, true, c.name);
  }
  // RSA-PSS whose MGF1 hash differs from the message hash (verified by our EMSA-PSS code).
  const p = pki(rsa(), rsa());
  const sod = sodFor(p, dgs, { signatureAlgorithm: { kind: 'rsa-pss', hash: 'sha256', mgf1Hash: 'sha256', saltLength: 20 } });
  assert.equal(passiveAuthentication(sod, { trust: trustOf(p.csca), dataGroups: dgs }).valid, true);
});

// brainpoolP256r1 domain parameters (RFC 5639 §3.4), as in ICAO-VECTORS.md.
const BP256 = {
  p: 'A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377',
  a: '7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9',
  b: '26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6',
  gx: '8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262',
  gy: '547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997',
  n: 'A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7',
};

/** SubjectPublicKeyInfo with specifiedCurve ECParameters (RFC 3279 §2.3.5, SEC 1 §C.2). */
function explicitSpki(pub: KeyObject): Uint8Array {
  const named = asn1js.fromBER(pub.export({ format: 'der', type: 'spki' })).result as asn1js.Sequence;
  const point = (named.valueBlock.value[1] as asn1js.BitString).valueBlock.valueHexView;
  const uint = (h: string) => new asn1js.Integer({ valueHex: Buffer.from('00' + h, 'hex') });
  const oct = (h: string | Buffer) => new asn1js.OctetString({ valueHex: typeof h === 'string' ? Buffer.from(h, 'hex') : h });
  const params = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.10045.1.1' }), uint(BP256.p)] }),
      new asn1js.Sequence({ value: [oct(BP256.a), oct(BP256.b)] }),
      oct(Buffer.concat([Buffer.of(4), Buffer.from(BP256.gx, 'hex'), Buffer.from(BP256.gy, 'hex')])),
      uint(BP256.n),
      new asn1js.Integer({ value: 1 }),
    ],
  });
  const spki = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.10045.2.1' }), params] }), new asn1js.BitString({ valueHex: point })],
  });
  return new Uint8Array(spki.toBER());
}

test('a Document Signer key with explicit EC parameters (specifiedCurve) verifies', () => {
  const dsKey = ec('brainpoolP256r1');
  const spki = explicitSpki(dsKey.publicKey);
  const p = pki(ec('brainpoolP256r1'), dsKey, { spki });
  // The certificate really carries explicit parameters, not the named-curve OID.
  assert.ok(!Buffer.from(p.ds).includes(Buffer.from('06092B2403030208010107', 'hex')));
  assert.ok(Buffer.from(p.ds).includes(Buffer.from(BP256.p, 'hex')));
  const dgs = card();
  const r = passiveAuthentication(sodFor(p, dgs), { trust: trustOf(p.csca), dataGroups: dgs });
  assert.deepEqual(r.errors, []);
  assert.equal(r.valid, true);
});

test('trust from an ICAO master list (several CSCAs); a tampered list is refused', () => {
  const p = pki();
  const other = pki(ec('prime256v1'));
  const mlsKey = ec('brainpoolP256r1');
  const mls = createMasterListSignerCertificate({ subject: { country: 'VN', commonName: 'ML signer' }, publicKey: mlsKey.publicKey, issuerCertificate: p.csca, issuerKey: p.cscaKey.privateKey });
  const ml = createMasterList({ cscaCertificates: [p.csca, other.csca], signerCertificate: mls, signerKey: mlsKey.privateKey });
  const parsed = parseMasterList(ml);
  assert.equal(parsed.certificates.length, 2);
  assert.equal(parsed.signatureValid, true);
  const dgs = card();
  const trust = new TrustStore().addMasterList(ml);
  assert.equal(passiveAuthentication(sodFor(p, dgs), { trust, dataGroups: dgs }).valid, true);
  assert.equal(passiveAuthentication(sodFor(other, dgs), { trust, dataGroups: dgs }).valid, true);
  const tampered = Buffer.from(ml);
  const at = tampered.indexOf(Buffer.from(other.csca).subarray(200, 220));
  tampered[at]! ^= 1;
  assert.throws(() => new TrustStore().addMasterList(tampered), PaInputError);
});

test('openssl cms -verify accepts our EF.SOD against our CSCA; hashes equal openssl dgst of the DG files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emrtd-sod-'));
  for (const [name, p] of [['p256', pki()], ['rsa', pki(rsa(), rsa())]] as const) {
    const dgs = card();
    const sod = sodFor(p, dgs);
    const d = decodeSod(sod);
    writeFileSync(join(dir, `${name}.csca.pem`), toPem(p.csca, 'CERTIFICATE'));
    writeFileSync(join(dir, `${name}.sod.der`), d.contentInfo); // the 77 wrapper stripped
    const out = execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-binary', '-in', join(dir, `${name}.sod.der`), '-CAfile', join(dir, `${name}.csca.pem`), '-purpose', 'any', '-out', join(dir, `${name}.lso.der`)], { stdio: ['ignore', 'pipe', 'pipe'] });
    void out;
    const lso = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', join(dir, `${name}.lso.der`)]).toString();
    for (const [n, bytes] of dgs) {
      writeFileSync(join(dir, `${name}.dg${n}`), bytes);
      const dgst = execFileSync('openssl', ['dgst', '-sha256', '-r', join(dir, `${name}.dg${n}`)]).toString().split(' ')[0]!.toUpperCase();
      assert.equal(Buffer.from(d.ldsSecurityObject.dataGroupHashes.get(n)!).toString('hex').toUpperCase(), dgst);
      assert.ok(lso.includes(dgst), `DG${n} hash in openssl's view of the LDSSecurityObject`);
    }
    assert.equal(createHash('sha256').update(dgs.get(1)!).digest('hex').toUpperCase().length, 64);
  }
  // A tampered SOD is refused by openssl too.
  const p = pki();
  const sod = Buffer.from(decodeSod(sodFor(p, card())).contentInfo);
  sod[sod.length - 5]! ^= 0x55;
  writeFileSync(join(dir, 'bad.der'), sod);
  writeFileSync(join(dir, 'bad.pem'), toPem(p.csca, 'CERTIFICATE'));
  assert.throws(() => execFileSync('openssl', ['cms', '-verify', '-inform', 'DER', '-binary', '-in', join(dir, 'bad.der'), '-CAfile', join(dir, 'bad.pem'), '-purpose', 'any', '-out', '/dev/null'], { stdio: 'pipe' }));
});

test('fuzz: SOD, master list and CRL parsers end in a typed error or a value', () => {
  const p = pki();
  const sod = sodFor(p, card());
  const mlsKey = ec('prime256v1');
  const mls = createMasterListSignerCertificate({ subject: { country: 'VN', commonName: 'ML' }, publicKey: mlsKey.publicKey, issuerCertificate: p.csca, issuerKey: p.cscaKey.privateKey });
  const ml = createMasterList({ cscaCertificates: [p.csca], signerCertificate: mls, signerKey: mlsKey.privateKey });
  const crl = createCrl({ issuerCertificate: p.csca, issuerKey: p.cscaKey.privateKey, revoked: [{ serialNumber: '0102' }] });
  const trust = trustOf(p.csca);
  const targets: [string, Uint8Array, (b: Uint8Array) => unknown][] = [
    ['SOD', sod, decodeSod],
    ['PA', sod, (b) => passiveAuthentication(b, { trust })],
    ['master list', ml, parseMasterList],
    ['CRL', crl, parseCrl],
  ];
  for (const [name, good, f] of targets) {
    const check = (b: Uint8Array) => {
      try {
        f(b);
      } catch (e) {
        assert.ok(e instanceof EmrtdError, `${name}: ${String(e)}`);
      }
    };
    for (let n = 0; n < good.length; n += Math.max(1, Math.floor(good.length / 150))) check(good.subarray(0, n));
    for (let i = 0; i < 250; i++) {
      const m = Buffer.from(good);
      m[randomInt(0, m.length)] = randomInt(0, 256);
      check(m);
    }
  }
});
