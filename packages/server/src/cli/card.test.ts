// `cancuoc card …` as a user runs it: the real command in a child process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { signCardQr } from '../cards/qr.ts';
import { publicJwk } from '../keys/jwk.ts';
import { KeyStore } from '../keys/key-store.ts';
import { testHsmConfig } from '../testing/hsm.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/cancuoc.js');

function cancuoc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: os.tmpdir() }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('card expiry prints the date, or none; --explain says why', async () => {
  assert.deepEqual(await cancuoc(['card', 'expiry', '--birth-date', '1990-03-15', '--issue-date', '2013-03-14']), { code: 0, stdout: '2015-03-15\n', stderr: '' });
  assert.equal((await cancuoc(['card', 'expiry', '--birth-date', '1966-07-01', '--issue-date', '2024-07-01'])).stdout, 'none\n');
  const r = await cancuoc(['card', 'expiry', '--birth-date', '2000-02-29', '--issue-date', '2020-01-10', '--explain']);
  assert.equal(r.code, 0);
  const [first, ...why] = r.stdout.trimEnd().split('\n');
  assert.equal(first, '2025-02-28');
  assert.match(why.join('\n'), /28 February/);
  assert.match(why.join('\n'), /Expires at the renewal at 25/);
});

test('card expiry refuses impossible dates with exit 2', async () => {
  const r = await cancuoc(['card', 'expiry', '--birth-date', '1990-13-01', '--issue-date', '2020-01-01']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /--birth-date must be a date YYYY-MM-DD/);
  assert.equal((await cancuoc(['card', 'expiry', '--birth-date', '1990-01-01', '--issue-date', '1980-01-01'])).code, 2);
});

test('card verify-qr prints the claims and the verdict: exit 0 genuine, 1 not, 2 no keys', async () => {
  const store = KeyStore.open(testHsmConfig());
  try {
    const key = store.generateKey('cli-qr', 'P-256');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-cli-'));
    const keysFile = path.join(dir, 'keys.json');
    writeFileSync(keysFile, JSON.stringify({ keys: [await publicJwk(key)], certificates: [] }));
    const qr = await signCardQr({ idNumber: '079303000123', fullName: 'Lê Thị Hồng Nhung', birthDate: '2003-04-05', sex: 'female', issueDate: '2026-01-02', expiryDate: '2028-04-05' }, { store, keyLabel: key.label, issuer: 'VN-C06' });
    const ok = await cancuoc(['card', 'verify-qr', qr, '--keys', keysFile, '--at', '2026-06-01']);
    assert.equal(ok.code, 0, ok.stderr);
    const out = JSON.parse(ok.stdout);
    assert.equal(out.valid, true);
    assert.equal(out.claims.fullName, 'Lê Thị Hồng Nhung');
    assert.equal(out.claims.expiryDate, '2028-04-05');

    const bad = await cancuoc(['card', 'verify-qr', qr.slice(0, qr.length - (qr.length % 3) - 39), '--keys', keysFile]);
    assert.equal(bad.code, 1);
    assert.equal(JSON.parse(bad.stdout).valid, false);
    assert.equal(JSON.parse(bad.stdout).code, 'ERR_QR_COMPRESSION');
    assert.match(JSON.parse(bad.stdout).reason, /truncated/);
    const notQr = await cancuoc(['card', 'verify-qr', 'https://example.org/not-a-card', '--keys', keysFile]);
    assert.equal(notQr.code, 1);
    assert.equal(JSON.parse(notQr.stdout).code, 'ERR_QR_BASE45');
    assert.equal((await cancuoc(['card', 'verify-qr', qr])).code, 2);
    assert.equal((await cancuoc(['card', 'verify-qr', qr, '--keys', path.join(dir, 'missing.json')])).code, 2);
  } finally {
    store.close();
  }
});
