// The one-pass SOD reader (sod-fields.ts) against the general decoder (decodeSod): whenever the
// fast path accepts bytes, the general decoder must accept them too and yield the same fields.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomInt, type KeyObject } from 'node:crypto';
import { test } from 'node:test';
import { decodeSod, encodeSod } from '../lds/sod.ts';
import { createCscaCertificate, createDocumentSignerCertificate } from '../pki/index.ts';
import type { HashName } from '../cms/oids.ts';
import type { SignatureAlgorithm } from '../cms/signature.ts';
import { readSodFields, sodFieldsOf, type SodFields } from './sod-fields.ts';

type Kp = { privateKey: KeyObject; publicKey: KeyObject };

function sodWith(dsKey: Kp, extra: { digest?: HashName; signatureAlgorithm?: SignatureAlgorithm; noSignedAttributes?: boolean; ldsVersionInfo?: { ldsVersion: string; unicodeVersion: string } } = {}): Uint8Array {
  const cscaKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const csca = createCscaCertificate({ subject: { country: 'VN', commonName: 'CSCA sod-fields' }, publicKey: cscaKey.publicKey, privateKey: cscaKey.privateKey });
  const ds = createDocumentSignerCertificate({ subject: { country: 'VN', commonName: 'DS sod-fields' }, publicKey: dsKey.publicKey, issuerCertificate: csca, issuerKey: cscaKey.privateKey });
  // DG numbers out of order on purpose: the reader must hand them back ascending.
  const dataGroups = new Map<number, Uint8Array>([
    [14, Uint8Array.of(0x6e, 0x02, 0x31, 0x00)],
    [1, Uint8Array.of(0x61, 0x03, 0x5f, 0x1f, 0x00)],
    [2, new Uint8Array(300).fill(7)],
  ]);
  return encodeSod({ dataGroups, dsCertificate: ds, dsKey: dsKey.privateKey, ...extra });
}

/** Fields as plain comparable values (views and copies of the same bytes compare equal). */
function plain(f: SodFields): unknown {
  const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : undefined);
  return {
    ...f,
    eContent: hex(f.eContent),
    certificates: f.certificates.map(hex),
    issuer: hex(f.issuer),
    serialNumber: hex(f.serialNumber),
    subjectKeyIdentifier: hex(f.subjectKeyIdentifier),
    signedAttrs: hex(f.signedAttrs),
    messageDigest: hex(f.messageDigest),
    signature: hex(f.signature),
    dataGroupHashes: f.dataGroupHashes.map(hex),
  };
}

/** The property: accepted by the fast path ⇒ accepted by decodeSod with equal fields. */
function agrees(bytes: Uint8Array): boolean {
  const fast = readSodFields(bytes);
  if (!fast) return false;
  let general: SodFields;
  try {
    general = sodFieldsOf(decodeSod(bytes));
  } catch (err) {
    assert.fail(`fast path accepted what decodeSod rejects: ${(err as Error).message}`);
  }
  assert.deepEqual(plain(fast), plain(general));
  return true;
}

const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

test('the SODs issuers write are read by the fast path, with the fields decodeSod gives', () => {
  const cases: Uint8Array[] = [
    sodWith(ec()),
    sodWith(rsa()),
    sodWith(rsa(), { signatureAlgorithm: { kind: 'rsa-pss', hash: 'sha256', mgf1Hash: 'sha256', saltLength: 32 } }),
    sodWith(ec(), { noSignedAttributes: true }),
    sodWith(ec(), { digest: 'sha1' }),
    sodWith(ec(), { digest: 'sha384', signatureAlgorithm: { kind: 'ecdsa-plain', hash: 'sha384' } }),
    sodWith(ec(), { ldsVersionInfo: { ldsVersion: '0108', unicodeVersion: '040000' } }),
  ];
  for (const sod of cases) {
    assert.ok(agrees(sod), 'fast path declined a well-formed SOD');
    assert.deepEqual(readSodFields(sod)!.dataGroupNumbers, [1, 2, 14]);
  }
  // Trailing bytes after tag 77 are tolerated by both (chips pad EF.SOD). A Buffer input (a view
  // into node's pool) is left as it was: the re-tagged signed attributes are a copy.
  const padded = Buffer.concat([cases[0]!, Buffer.alloc(7)]);
  const before = Buffer.from(padded);
  assert.ok(agrees(padded));
  assert.deepEqual(padded, before);
});

test('mutated and truncated SODs: the fast path never accepts what decodeSod rejects, nor reads it differently', () => {
  const sods = [sodWith(ec()), sodWith(rsa(), { noSignedAttributes: true }), sodWith(ec(), { ldsVersionInfo: { ldsVersion: '0108', unicodeVersion: '040000' } })];
  let accepted = 0;
  let declined = 0;
  for (const good of sods) {
    for (let n = 0; n < good.length; n += 7) if (agrees(good.subarray(0, n))) accepted++;
    for (let i = 0; i < 600; i++) {
      const m = Buffer.from(good);
      // Bias towards the structure: half of the mutations hit the first 120 bytes (headers, OIDs).
      const at = i % 2 ? randomInt(0, Math.min(120, m.length)) : randomInt(0, m.length);
      m[at] = i % 3 === 0 ? m[at]! ^ 0x80 : randomInt(0, 256);
      if (agrees(m)) accepted++;
      else declined++;
    }
  }
  // Both outcomes occurred, so the property was exercised both ways.
  assert.ok(accepted > 100 && declined > 100, `accepted ${accepted}, declined ${declined}`);
});
