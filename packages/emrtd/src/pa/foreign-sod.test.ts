// Passive authentication of EF.SODs we did not produce: OpenSSL-made certificates (explicit EC
// parameters, RSASSA-PSS) and SODs (fixtures/openssl/make.sh), BER re-encodings with indefinite
// lengths (OpenSSL's streaming encoder, and the hand-written re-encoder of tlv/ber-reencode.ts),
// and SignerInfo.sid by issuer + serial and by subject key identifier (RFC 5652 §5.3).
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeSod } from '../lds/sod.ts';
import { encodeSod } from '../lds/sod.ts';
import { fromPem } from '../pki/pem.ts';
import { samplePki } from '../personalize/sample.ts';
import { toIndefiniteBer } from '../tlv/ber-reencode.ts';
import { TrustStore, passiveAuthentication } from './index.ts';

const dir = join(import.meta.dirname, 'fixtures', 'openssl');
const file = (n: string) => new Uint8Array(readFileSync(join(dir, n)));
const pem = (n: string) => fromPem(readFileSync(join(dir, n), 'latin1'), 'CERTIFICATE')[0]!;
const trust = new TrustStore().addCertificates(file('csca-ec-explicit.pem')).addCertificates(file('csca-rsa.pem'));
const dataGroups = new Map([[1, file('DG1')], [15, file('DG15')]]);
// The fixtures' certificates are valid for ten years from the day make.sh ran.
const at = new Date(new Date(new X509Certificate(pem('ds-ec-explicit.pem')).validFrom).getTime() + 864e5);
const sods = readdirSync(dir).filter((n) => n.startsWith('sod-') && n.endsWith('.bin')).sort();

/** BER re-encoding of an EF.SOD: every constructed object indefinite, eContent in segments; certificates kept (their signatures cover their DER). */
function berOf(sod: Uint8Array, withSignedAttrs: boolean): Uint8Array {
  const ci = decodeSod(sod).contentInfo;
  // Paths inside the ContentInfo: 0 = ContentInfo, 0.1.0 = SignedData, 0.1.0.3 = certificates,
  // 0.1.0.<last>.k.3 = signedAttrs of SignerInfo k.
  const ber = toIndefiniteBer(ci, {
    splitOctetStrings: 40,
    keep: (p, tag) => /^0\.1\.0\.3\.\d+$/.test(p) || (!withSignedAttrs && tag === 0xa0 && /^0\.1\.0\.\d+\.\d+\.3$/.test(p)),
  });
  return Uint8Array.from([0x77, 0x80, ...ber, 0, 0]);
}

test('every OpenSSL-made SOD verifies: explicit EC parameters, RSA PKCS#1, RSASSA-PSS SHA-256/384/512 with salts 0–64, sid by serial or key id, BER', () => {
  assert.ok(sods.length >= 10, `fixtures present (${sods.length})`);
  for (const name of sods) {
    const sod = file(name);
    const dsCertificates = name.includes('nocerts') ? [pem('ds-ec-explicit.pem')] : undefined;
    const r = passiveAuthentication(sod, { trust, dataGroups, at, ...(dsCertificates ? { dsCertificates } : {}) });
    assert.deepEqual(r.errors, [], name);
    assert.equal(r.valid, true, name);
    assert.deepEqual(r.dataGroups, { 1: 'match', 15: 'match' }, name);
    assert.match(r.signer!.subject, /CN=Utopia DS (EC|RSA)/, name);
    const si = decodeSod(sod).signedData.signerInfos[0]!;
    if (name.includes('keyid')) {
      assert.ok(si.subjectKeyIdentifier && !si.issuer, `${name}: sid is a subjectKeyIdentifier`);
    } else {
      assert.ok(si.issuer && si.serialNumber && !si.subjectKeyIdentifier, `${name}: sid is issuerAndSerialNumber`);
    }
    const pss = /pss-(sha\d+)-salt(\d+)/.exec(name);
    if (pss) assert.deepEqual(si.signatureAlgorithm, { kind: 'rsa-pss', hash: pss[1], mgf1Hash: pss[1], saltLength: Number(pss[2]) }, name);
  }
});

test('OpenSSL streaming BER (indefinite lengths, constructed eContent) is BER indeed, and verifies', () => {
  const ber = file('sod-ecdsa-sha256-ber.bin');
  assert.deepEqual([...ber.subarray(4, 6)], [0x30, 0x80], 'ContentInfo has the indefinite length form');
  assert.equal(passiveAuthentication(ber, { trust, dataGroups, at }).valid, true);
});

test('a BER re-encoding of each SOD verifies exactly as its DER form does, signed attributes in BER included', () => {
  for (const name of sods.filter((n) => !n.includes('ber'))) {
    const der = file(name);
    const dsCertificates = name.includes('nocerts') ? [pem('ds-ec-explicit.pem')] : [];
    const want = passiveAuthentication(der, { trust, dataGroups, at, dsCertificates });
    for (const withSignedAttrs of [false, true]) {
      const ber = berOf(der, withSignedAttrs);
      assert.notEqual(ber.length, der.length);
      const got = passiveAuthentication(ber, { trust, dataGroups, at, dsCertificates });
      assert.deepEqual(got, want, `${name} (signed attributes ${withSignedAttrs ? 'BER' : 'DER'})`);
      assert.equal(got.valid, true);
    }
  }
  // And our own SOD.
  const p = samplePki();
  const ours = encodeSod({ dataGroups, dsCertificate: p.dsCert, dsKey: p.dsKey });
  const t = new TrustStore().addCertificates(p.cscaCert);
  const want = passiveAuthentication(ours, { trust: t, dataGroups });
  assert.equal(want.valid, true);
  assert.deepEqual(passiveAuthentication(berOf(ours, true), { trust: t, dataGroups }), want);
  // One changed hash byte in the BER form is still found.
  const bad = berOf(ours, false);
  const h = Buffer.from(bad).indexOf(Buffer.from(decodeSod(ours).ldsSecurityObject.dataGroupHashes.get(1)!.subarray(0, 8)));
  assert.ok(h > 0);
  bad[h]! ^= 1;
  assert.equal(passiveAuthentication(bad, { trust: t, dataGroups }).valid, false);
});

test('the signer is the certificate the sid names, not any certificate with the same issuer or key', () => {
  // No certificates in the SOD: the RSA DS (same issuer country and organisation, other serial) is not the signer.
  const nocerts = file('sod-ecdsa-nocerts.bin');
  const r = passiveAuthentication(nocerts, { trust, dataGroups, at, dsCertificates: [pem('ds-rsa.pem'), pem('csca-ec-explicit.pem')] });
  assert.deepEqual(r.errors.map((e) => e.code), ['ERR_PA_SIGNER_NOT_FOUND']);
  // The key-id SOD verified with its own certificate taken out and the other DS supplied instead.
  const keyid = file('sod-pss-sha512-salt20-keyid.bin');
  const cert = decodeSod(keyid).signedData.certificates[0]!;
  assert.equal(Buffer.compare(cert, pem('ds-rsa.pem')), 0);
  const r2 = passiveAuthentication(keyid, { trust, dataGroups, at, dsCertificates: [pem('ds-ec-explicit.pem')] });
  assert.equal(r2.valid, true, 'the certificate in the SOD is the signer');
});
