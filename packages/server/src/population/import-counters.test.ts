// An import moves the ID-number allocation counters past the numbers it brings in: a birth after
// an import never gets an imported number, and takes the first free counter of its prefix.
import { createIdAllocator, formatPrefix } from '@cancuoc/idnumber';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { BA_DINH, client } from '../registry/test-helpers.ts';
import { importPersons } from './import.ts';

const TODAY = '2026-11-23';
let t: TestApp;
let dir: string;
before(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-import-counters-'));
});
after(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An NDJSON file of persons born in 2026 in Hà Nội (prefix 001226 for males) with these numbers. */
function fileOf(name: string, numbers: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, numbers.map((idNumber, k) => JSON.stringify({
    idNumber, fullName: `Nguyễn Văn Nhập ${String.fromCharCode(65 + (k % 26))}`, birthDate: '2026-02-01', sex: 'male', ethnicity: 'Kinh',
    birthRegistrationUnitId: BA_DINH, permanentUnitId: BA_DINH, permanentAddress: `Số ${k + 1} phố Kim Mã`,
  })).join('\n') + '\n');
  return file;
}

const counterOf = async (prefix: string) => {
  const [row] = await t.db.sql<{ next: number }[]>`select next from id_number_counter where prefix = ${prefix}`;
  return row?.next ?? 0;
};

test('a birth after an import of this deployment\'s numbers takes the next free counter, never an imported number', async () => {
  const key = t.services.idNumberKey;
  const allocator = createIdAllocator(key);
  const prefix = formatPrefix({ provinceCode: '001', sex: 'male', birthYear: 2026 });
  // Counters 0..39: what an export of this deployment holds for a prefix it issued 40 numbers in.
  const imported = allocator.allocateRange(prefix, 0, 40);
  const result = await importPersons(t.db.sql, { file: fileOf('own.ndjson', imported), format: 'ndjson', legalBasis: 'Test import', actor: 'cli:import', today: TODAY, key });
  assert.equal(result.imported, 40);
  assert.equal(result.initialLoad, true);
  assert.equal(await counterOf(prefix), 40, 'the counter stands after the imported numbers');

  const central = (await t.officer('central')).authorization;
  const res = await client(t).post('/births', central, {
    fullName: 'Nguyễn Văn Sinh', sex: 'male', birthDate: '2026-03-01', ethnicity: 'Kinh', placeOfBirth: 'Bệnh viện Phụ sản Hà Nội',
    birthRegistrationUnitId: BA_DINH, permanentResidence: { unitId: BA_DINH, address: 'Số 1 phố Kim Mã' }, legalBasis: 'Giấy khai sinh số 1/2026',
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.ok(!imported.includes(res.body.idNumber), 'the birth never gets an imported number');
  assert.equal(allocator.counterOf(res.body.idNumber), 40);
  assert.equal(await counterOf(prefix), 41);
});

test('numbers allocated under another key move the counter only past those it would meet', async () => {
  const key = t.services.idNumberKey;
  const allocator = createIdAllocator(key);
  const prefix = formatPrefix({ provinceCode: '001', sex: 'male', birthYear: 2026 });
  const before = await counterOf(prefix);
  // Another register's numbers (another key), plus the very number this prefix's counter gives
  // next here: the counter moves past that one and stops at the next free.
  const foreign = createIdAllocator(Buffer.alloc(32, 7)).allocateRange(prefix, 0, 30)
    .filter((n) => allocator.counterOf(n) !== before + 1);
  const numbers = [...new Set([...foreign, allocator.allocateInPrefix(prefix, before)])];
  const result = await importPersons(t.db.sql, { file: fileOf('foreign.ndjson', numbers), format: 'ndjson', legalBasis: 'Test import', actor: 'cli:import', today: TODAY, key });
  assert.equal(result.initialLoad, false);
  assert.equal(await counterOf(prefix), before + 1);
});
