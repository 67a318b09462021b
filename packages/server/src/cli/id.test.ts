// `cancuoc id …` as a user runs it: the real command in a child process.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createIdAllocator, parseIdNumberOrThrow } from '@cancuoc/idnumber';

const BIN = path.resolve(import.meta.dirname, '../../bin/cancuoc.js');
const KEY_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

function cancuoc(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv = { ...process.env };
  delete childEnv.CANCUOC_ID_NUMBER_KEY; // only the key a test gives
  Object.assign(childEnv, env);
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: childEnv, cwd: os.tmpdir() }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('cancuoc id', () => {
  it('parse prints one JSON object with the documented fields first', async () => {
    const r = await cancuoc(['id', 'parse', '079303000123']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out).slice(0, 6), ['number', 'valid', 'provinceCode', 'provinceName', 'sex', 'birthYear']);
    assert.deepEqual(
      { number: out.number, valid: out.valid, provinceCode: out.provinceCode, provinceName: out.provinceName, sex: out.sex, birthYear: out.birthYear },
      { number: '079303000123', valid: true, provinceCode: '079', provinceName: 'Thành phố Hồ Chí Minh', sex: 'female', birthYear: 2003 },
    );
  });

  it('parse of an invalid number: reason on stderr, nothing on stdout, exit 2', async () => {
    const cases: [string, string][] = [
      ['003090123456', 'ERR_IDNUMBER_UNKNOWN_PROVINCE'],
      ['00109012345', 'ERR_IDNUMBER_LENGTH'],
      ['00109012345X', 'ERR_IDNUMBER_NOT_DIGITS'],
      ['001450000000', 'ERR_IDNUMBER_BIRTH_YEAR_IN_FUTURE'], // born in 2150
    ];
    const results = await Promise.all(cases.map(([n]) => cancuoc(['id', 'parse', n])));
    results.forEach((r, k) => {
      assert.equal(r.code, 2, cases[k]![0]);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(cases[k]![1]));
    });
  });

  it('parse --today sets the reference date for the birth year', async () => {
    const r = await cancuoc(['id', 'parse', '001225000001', '--today', '2024-12-31']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /2025 is after the current year 2024/);
  });

  it('allocate gives the library number, reads the key from a file, and reports exhaustion', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-id-'));
    try {
      const keyFile = path.join(dir, 'id-number.key');
      writeFileSync(keyFile, `${KEY_HEX}\n`);
      const args = ['id', 'allocate', '--province', '001', '--sex', 'female', '--birth-year', '1990', '--counter', '5'];
      const [byHex, byFile, exhausted, noKey] = await Promise.all([
        cancuoc([...args, '--key-hex', KEY_HEX]),
        cancuoc([...args, '--key-file', keyFile]),
        cancuoc([...args.slice(0, -1), '1000000', '--key-hex', KEY_HEX]),
        cancuoc([...args, '--data', dir + '/none']),
      ]);
      const expected = createIdAllocator(Buffer.from(KEY_HEX, 'hex')).allocate({ provinceCode: '001', sex: 'female', birthYear: 1990, counter: 5 });
      assert.equal(byHex.code, 0, byHex.stderr);
      const out = JSON.parse(byHex.stdout) as { number: string; counter: number };
      assert.equal(out.number, expected);
      assert.equal(out.counter, 5);
      assert.equal(parseIdNumberOrThrow(out.number).prefix, '001190');
      assert.equal((JSON.parse(byFile.stdout) as { number: string }).number, expected);
      assert.equal(exhausted.code, 2);
      assert.match(exhausted.stderr, /ERR_IDNUMBER_PREFIX_EXHAUSTED/);
      assert.equal(noKey.code, 2);
      assert.match(noKey.stderr, /key/);

      const back = await cancuoc(['id', 'counter', expected], { CANCUOC_ID_NUMBER_KEY: KEY_HEX });
      assert.equal(back.code, 0, back.stderr);
      assert.equal((JSON.parse(back.stdout) as { counter: number }).counter, 5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('allocate validates its arguments', async () => {
    const base = ['id', 'allocate', '--province', '001', '--birth-year', '1990', '--counter', '0', '--key-hex', KEY_HEX];
    const [sex, province, key] = await Promise.all([
      cancuoc([...base, '--sex', 'x']),
      cancuoc(['id', 'allocate', '--province', '003', '--sex', 'male', '--birth-year', '1990', '--counter', '0', '--key-hex', KEY_HEX]),
      cancuoc(['id', 'allocate', '--province', '001', '--sex', 'male', '--birth-year', '1990', '--counter', '0', '--key-hex', 'abcd']),
    ]);
    assert.equal(sex.code, 2);
    assert.match(sex.stderr, /--sex/);
    assert.equal(province.code, 2);
    assert.match(province.stderr, /ERR_IDNUMBER_UNKNOWN_PROVINCE/);
    assert.equal(key.code, 2);
    assert.match(key.stderr, /hex digits/);
  });
});
