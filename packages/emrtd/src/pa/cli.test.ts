// The emrtd commands run through the real `cancuoc` binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { encodeDg1, encodeDg2, encodeSod } from '../lds/index.ts';
import { syntheticJpeg } from '../lds/synthetic-jpeg.ts';
import { vietnamTd1 } from '../mrz/index.ts';
import { createCrl, readPkiDirectory } from '../pki/index.ts';

const BIN = fileURLToPath(new URL('../../../server/bin/cancuoc.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('cancuoc mrz prints the three lines; bad arguments exit 2 with a message', () => {
  const ok = run('mrz', '--id-number', '001090001234', '--name', 'Nguyễn Văn A', '--birth-date', '1990-01-01', '--sex', 'male', '--expiry', '2030-01-01');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, 'IDVNM0900012345001090001234<<6\n9001011M3001019VNM<<<<<<<<<<<8\nNGUYEN<<VAN<A<<<<<<<<<<<<<<<<<\n');
  const none = run('mrz', '--id-number', '001060001234', '--name', 'Trần Văn Bình', '--birth-date', '1960-03-04', '--sex', 'male', '--expiry', 'none');
  assert.equal(none.status, 0);
  assert.equal(none.stdout.split('\n')[1]!.slice(8, 14), '991231');
  for (const bad of [
    ['--id-number', '12345', '--sex', 'male', '--birth-date', '1990-01-01'],
    ['--id-number', '001090001234', '--sex', 'other', '--birth-date', '1990-01-01'],
    ['--id-number', '001090001234', '--sex', 'male', '--birth-date', '1990-13-01'],
  ]) {
    const r = run('mrz', '--name', 'A B', '--expiry', 'none', ...bad);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, /cancuoc mrz: /);
  }
});

test('cancuoc pki init + chip verify: valid (0), tampered DG (1), revoked (1), bad input (2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emrtd-cli-'));
  const pki = join(dir, 'pki');
  const init = run('pki', 'init', '--dir', pki, '--curve', 'P-256');
  assert.equal(init.status, 0, init.stderr);
  assert.equal(statSync(join(pki, 'ds.key.pem')).mode & 0o777, 0o600);
  assert.equal(statSync(join(pki, 'csca.key.pem')).mode & 0o777, 0o600);
  const again = run('pki', 'init', '--dir', pki);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /--force/);
  const p = readPkiDirectory(pki);
  const dg1 = encodeDg1(vietnamTd1({ idNumber: '001090001234', fullName: 'Nguyễn Văn A', birthDate: '1990-01-01', sex: 'male', expiryDate: '2030-01-01' }));
  const dg2 = encodeDg2({ data: syntheticJpeg(240, 320, 3000) });
  const sod = encodeSod({ dataGroups: { 1: dg1, 2: dg2 }, dsCertificate: p.dsCert, dsKey: p.dsKey });
  writeFileSync(join(dir, 'SOD'), sod);
  writeFileSync(join(dir, 'DG1'), dg1);
  writeFileSync(join(dir, 'DG2'), dg2);
  const bad2 = Buffer.from(dg2);
  bad2[100]! ^= 1;
  writeFileSync(join(dir, 'DG2.bad'), bad2);
  const csca = join(pki, 'csca.pem');

  const v = run('chip', 'verify', '--sod', join(dir, 'SOD'), '--dg', `1=${join(dir, 'DG1')}`, '--dg', `2=${join(dir, 'DG2')}`, '--csca', csca);
  assert.equal(v.status, 0, v.stderr + v.stdout);
  const out = JSON.parse(v.stdout);
  assert.equal(out.valid, true);
  assert.equal(out.signatureValid, true);
  assert.equal(out.chainValid, true);
  assert.deepEqual(out.dataGroups, { 1: 'match', 2: 'match' });
  assert.deepEqual(out.errors, []);
  assert.match(out.signer.subject, /Document Signer/);

  const t = run('chip', 'verify', '--sod', join(dir, 'SOD'), '--dg', `2=${join(dir, 'DG2.bad')}`, '--csca', csca);
  assert.equal(t.status, 1);
  assert.equal(JSON.parse(t.stdout).dataGroups['2'], 'mismatch');

  const crl = createCrl({ issuerCertificate: p.cscaCert, issuerKey: p.cscaKey, revoked: [{ serialNumber: readSerial(p.dsCert) }] });
  writeFileSync(join(dir, 'crl.der'), crl);
  const rv = run('chip', 'verify', '--sod', join(dir, 'SOD'), '--csca', csca, '--crl', join(dir, 'crl.der'));
  assert.equal(rv.status, 1);
  assert.deepEqual(JSON.parse(rv.stdout).errors.map((e: { code: string }) => e.code), ['ERR_PA_REVOKED']);

  const late = run('chip', 'verify', '--sod', join(dir, 'SOD'), '--csca', csca, '--at', '2099-01-01');
  assert.equal(late.status, 1);
  assert.ok(JSON.parse(late.stdout).errors.some((e: { code: string }) => e.code === 'ERR_PA_DS_EXPIRED'));

  for (const args of [
    ['--sod', join(dir, 'SOD')],
    ['--sod', join(dir, 'nope'), '--csca', csca],
    ['--sod', join(dir, 'SOD'), '--csca', join(dir, 'DG1')],
    ['--sod', join(dir, 'SOD'), '--csca', csca, '--dg', 'x=1'],
    ['--sod', join(dir, 'SOD'), '--csca', csca, '--at', '2024-02-30'],
  ]) {
    const r = run('chip', 'verify', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, /cancuoc chip verify: /);
  }
});

function readSerial(der: Uint8Array): string {
  // tbsCertificate → [0] version → serialNumber: enough for our own certificates.
  const b = Buffer.from(der);
  const at = b.indexOf(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02, 0x02]));
  const len = b[at + 6]!;
  return b.subarray(at + 7, at + 7 + len).toString('hex');
}
