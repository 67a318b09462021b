// The German and Dutch CSCA master lists (fixtures/masterlists, as their states publish them):
// every certificate read, each list's own CMS signature verified (and the content checked against
// OpenSSL's reading of the same file), and damaged copies refused with a typed, precise error.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EmrtdError } from '../errors.ts';
import { PaInputError, TrustStore, certificateInfo } from '../pa/index.ts';
import { parseMasterList } from './master-list.ts';

const dir = join(import.meta.dirname, 'fixtures', 'masterlists');
const LISTS = [
  { file: 'DE_ML_2026-05-28.ml', certificates: 588, signer: /C=DE/ },
  { file: 'NL_ML_2026-07-22.ml', certificates: 411, signer: /C=NL/ },
];

for (const l of LISTS) {
  test(`${l.file}: every certificate is read and the list's signature verifies`, () => {
    const bytes = new Uint8Array(readFileSync(join(dir, l.file)));
    const ml = parseMasterList(bytes);
    assert.equal(ml.signatureError, undefined);
    assert.equal(ml.signatureValid, true);
    assert.equal(ml.certificates.length, l.certificates);
    assert.match(new X509Certificate(ml.signerCertificate!).subject.replace(/\n/g, ', '), l.signer);
    for (const c of ml.certificates) {
      const info = certificateInfo(c);
      assert.ok(info.publicKey, 'every CSCA has a usable public key');
    }
    // OpenSSL's own reading: it verifies the signature and yields the same signed content.
    const tmp = mkdtempSync(join(tmpdir(), 'ml-'));
    try {
      execFileSync('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', join(dir, l.file), '-out', join(tmp, 'content')], { stdio: 'pipe' });
      assert.equal(Buffer.compare(readFileSync(join(tmp, 'content')), ml.signedData.eContent), 0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const store = new TrustStore().addMasterList(bytes);
    assert.equal(store.cscas.length, new Set(ml.certificates.map((c) => certificateInfo(c).fingerprint)).size);
  });

  test(`${l.file}: truncated or bit-flipped copies are refused with a typed error naming the fault`, () => {
    const bytes = new Uint8Array(readFileSync(join(dir, l.file)));
    const ml = parseMasterList(bytes);
    const contentAt = Buffer.from(bytes).indexOf(Buffer.from(ml.signedData.eContent.subarray(0, 64)));
    assert.ok(contentAt > 0);
    const refuse = (b: Uint8Array): PaInputError => {
      try {
        new TrustStore().addMasterList(b);
      } catch (e) {
        assert.ok(e instanceof PaInputError, `typed error, got ${e}`);
        assert.ok(e.cause instanceof EmrtdError || /^master list: /.test(e.message));
        return e;
      }
      assert.fail('a damaged list was accepted');
    };
    for (const cut of [1, 10, 100, 5000, contentAt + 10, bytes.length >> 1, bytes.length - 200, bytes.length - 1]) {
      assert.match(refuse(bytes.subarray(0, cut)).message, /master list: .*(bytes|remain|ends|truncat|end-of-contents)/, `cut at ${cut}`);
    }
    // A flipped bit in the signed content: the digest no longer matches.
    for (let i = 0; i < 20; i++) {
      const b = Uint8Array.from(bytes);
      b[contentAt + randomInt(0, ml.signedData.eContent.length)]! ^= 1 << randomInt(0, 8);
      assert.match(refuse(b).message, /messageDigest attribute differs|announces|trailing|expected tag|INTEGER|length|end-of-contents|tag/);
    }
    // Anywhere: refused, or (a flip in an unsigned field nobody reads, e.g. SignedData.version) the same certificates.
    for (let i = 0; i < 60; i++) {
      const b = Uint8Array.from(bytes);
      b[randomInt(0, b.length)]! ^= 1 << randomInt(0, 8);
      let store: TrustStore | undefined;
      try {
        store = new TrustStore().addMasterList(b);
      } catch (e) {
        assert.ok(e instanceof PaInputError, `typed error, got ${e}`);
        continue;
      }
      assert.deepEqual(parseMasterList(b).certificates.map((c) => Buffer.from(c).toString('hex')), ml.certificates.map((c) => Buffer.from(c).toString('hex')));
      assert.ok(store.cscas.length > 0);
    }
  });
}
