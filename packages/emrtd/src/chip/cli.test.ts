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
