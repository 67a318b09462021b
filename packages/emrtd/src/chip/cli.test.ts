// `cancuoc chip personalize | read` through the real binary.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { vietnamTd1 } from '../mrz/vietnam.ts';
import { SAMPLE_PERSON, samplePhoto } from '../personalize/sample.ts';

const BIN = fileURLToPath(new URL('../../../server/bin/cancuoc.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

test('chip personalize writes the card; chip read verifies it; errors exit 1 / 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cancuoc-chip-'));
  assert.equal(run('pki', 'init', '--dir', join(dir, 'pki')).status, 0);
  writeFileSync(join(dir, 'person.json'), JSON.stringify(SAMPLE_PERSON));
  writeFileSync(join(dir, 'face.jpg'), samplePhoto());
  const p = run('chip', 'personalize', '--pki', join(dir, 'pki'), '--person', join(dir, 'person.json'), '--photo', join(dir, 'face.jpg'), '--out', join(dir, 'card'), '--bac-only');
  assert.equal(p.status, 0, p.stderr);
  const { mrz } = JSON.parse(p.stdout) as { mrz: string[] };
  for (const f of ['EF.COM', 'EF.SOD', 'EF.CardAccess', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15']) assert.ok(statSync(join(dir, 'card', f)).size > 0, f);
  assert.equal(statSync(join(dir, 'card', 'chip-keys.json')).mode & 0o777, 0o600);

  const r = run('chip', 'read', '--card', join(dir, 'card'), '--mrz', mrz.join('\\n'), '--csca', join(dir, 'pki', 'csca.pem'), '--face', join(dir, 'out.jpg'));
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { valid: boolean; accessProtocol: string; parsed: { dg13: { fullName: string } } };
  assert.equal(out.valid, true);
  assert.equal(out.accessProtocol, 'BAC');
  assert.equal(out.parsed.dg13.fullName, SAMPLE_PERSON.fullName);
  assert.deepEqual(readFileSync(join(dir, 'out.jpg')), Buffer.from(samplePhoto()));

  // Another person's (well-formed) MRZ: the card refuses BAC with 6300.
  const other = vietnamTd1({ ...SAMPLE_PERSON, birthDate: '1989-07-16', sex: 'male' });
  const wrong = run('chip', 'read', '--card', join(dir, 'card'), '--mrz', other.join('\n'), '--csca', join(dir, 'pki', 'csca.pem'));
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /6300/);
  assert.match(wrong.stderr, /ERR_BAC_FAILED/);

  // No trust anchor: read succeeds, the card is not valid.
  const untrusted = run('chip', 'read', '--card', join(dir, 'card'), '--mrz', mrz.join('\n'));
  assert.equal(untrusted.status, 1);
  assert.equal((JSON.parse(untrusted.stdout) as { passive: { chainValid: boolean } }).passive.chainValid, false);

  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...SAMPLE_PERSON, idNumber: '123', birthDate: '1989-13-01', sex: 'x' }));
  const bad = run('chip', 'personalize', '--pki', join(dir, 'pki'), '--person', join(dir, 'bad.json'), '--photo', join(dir, 'face.jpg'), '--out', join(dir, 'card2'));
  assert.equal(bad.status, 2);
  for (const f of ['idNumber', 'birthDate', 'sex']) assert.match(bad.stderr, new RegExp(`person\\.${f}:`));
  assert.equal(run('chip', 'read', '--mrz', mrz.join('\n')).status, 2);
  assert.equal(run('chip', 'serve', '--card', join(dir, 'card'), '--vpcd', 'nohostport').status, 2);
});

test('chip personalize --can stores the CAN (generated when not given) and chip read --can opens the card; a wrong CAN exits 1 with 6300', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cancuoc-can-'));
  assert.equal(run('pki', 'init', '--dir', join(dir, 'pki')).status, 0);
  writeFileSync(join(dir, 'person.json'), JSON.stringify(SAMPLE_PERSON));
  writeFileSync(join(dir, 'face.jpg'), samplePhoto());
  const base = ['chip', 'personalize', '--pki', join(dir, 'pki'), '--person', join(dir, 'person.json'), '--photo', join(dir, 'face.jpg')];
  const p = run(...base, '--out', join(dir, 'card'), '--can', '482016');
  assert.equal(p.status, 0, p.stderr);
  assert.equal((JSON.parse(p.stdout) as { can: string }).can, '482016');
  const generated = run(...base, '--out', join(dir, 'card2'));
  assert.match((JSON.parse(generated.stdout) as { can: string }).can, /^[0-9]{6}$/);
  assert.equal(run(...base, '--out', join(dir, 'card3'), '--can', '12ab').status, 2);

  const r = run('chip', 'read', '--card', join(dir, 'card'), '--can', '482016', '--csca', join(dir, 'pki', 'csca.pem'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { accessProtocol: string }).accessProtocol, 'PACE');
  const wrong = run('chip', 'read', '--card', join(dir, 'card'), '--can', '482017', '--csca', join(dir, 'pki', 'csca.pem'));
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /CAN.*\[status word 6300\]/);
});

test('pki eac-init / pki cvc, personalize --fingerprint --cvca, read --terminal-cert --terminal-key: DG3 only for the terminal with the right', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cancuoc-eac-'));
  assert.equal(run('pki', 'init', '--dir', join(dir, 'pki')).status, 0);
  const e = run('pki', 'eac-init', '--dir', join(dir, 'eac'), '--from', '2026-01-01');
  assert.equal(e.status, 0, e.stderr);
  assert.equal(statSync(join(dir, 'eac', 'is.key.pem')).mode & 0o777, 0o600);
  const noRight = run('pki', 'cvc', '--issuer-cert', join(dir, 'eac', 'dv.cvcert'), '--issuer-key', join(dir, 'eac', 'dv.key.pem'), '--role', 'is', '--chr', 'VNIS00000002', '--rights', 'dg4', '--from', '2026-01-01', '--to', '2026-03-31', '--out', join(dir, 'eac', 'is2'));
  assert.equal(noRight.status, 0, noRight.stderr);
  assert.equal(run('pki', 'cvc', '--issuer-cert', join(dir, 'eac', 'is.cvcert'), '--issuer-key', join(dir, 'eac', 'is.key.pem'), '--role', 'is', '--chr', 'VNIS00000003', '--from', '2026-01-01', '--to', '2026-03-31', '--out', join(dir, 'x')).status, 2, 'an IS cannot issue');
  writeFileSync(join(dir, 'person.json'), JSON.stringify(SAMPLE_PERSON));
  writeFileSync(join(dir, 'face.jpg'), samplePhoto());
  writeFileSync(join(dir, 'finger.jpg'), samplePhoto());
  const p = run('chip', 'personalize', '--pki', join(dir, 'pki'), '--person', join(dir, 'person.json'), '--photo', join(dir, 'face.jpg'), '--out', join(dir, 'card'),
    '--fingerprint', `right-index=${join(dir, 'finger.jpg')}`, '--fingerprint', `7=${join(dir, 'finger.jpg')}`, '--cvca', join(dir, 'eac', 'cvca.cvcert'), '--chip-date', '2026-02-01');
  assert.equal(p.status, 0, p.stderr);
  const { mrz } = JSON.parse(p.stdout) as { mrz: string[] };
  const read = (...extra: string[]) => run('chip', 'read', '--card', join(dir, 'card'), '--mrz', mrz.join('\n'), '--csca', join(dir, 'pki', 'csca.pem'), ...extra);
  type Out = { valid: boolean; denied: string[]; files: Record<string, number>; terminalAuthentication: { status: string } };
  const plain = JSON.parse(read().stdout) as Out;
  assert.deepEqual(plain.denied, ['DG3']);
  const ta = read('--terminal-cert', join(dir, 'eac', 'dv.cvcert'), '--terminal-cert', join(dir, 'eac', 'is.cvcert'), '--terminal-key', join(dir, 'eac', 'is.key.pem'));
  assert.equal(ta.status, 0, ta.stderr);
  const out = JSON.parse(ta.stdout) as Out;
  assert.equal(out.terminalAuthentication.status, 'success');
  assert.deepEqual(out.denied, []);
  assert.ok(out.files.DG3! > 0);
  const other = JSON.parse(read('--terminal-cert', join(dir, 'eac', 'dv.cvcert'), '--terminal-cert', join(dir, 'eac', 'is2.cvcert'), '--terminal-key', join(dir, 'eac', 'is2.key.pem')).stdout) as Out;
  assert.equal(other.terminalAuthentication.status, 'success');
  assert.deepEqual(other.denied, ['DG3']);
  assert.equal(read('--terminal-cert', join(dir, 'eac', 'dv.cvcert')).status, 2, 'a chain without its key is bad input');
});
