// Bulk import and export: round trip, every bad row reported, nothing loaded on any error.
import { createIdAllocator, formatPrefix } from '@cancuoc/idnumber';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { staleDocuments } from '../registry/test-helpers.ts';
import { verifyLog } from '../testing/audit.ts';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';
import { exportPersons } from './export.ts';
import { importPersons, ImportRejectedError } from './import.ts';
import { seedPopulation } from './seed.ts';

const KEY = Buffer.alloc(32, 9);
const TODAY = '2026-11-23';
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = path.join(ROOT, 'packages/server/bin/cancuoc.js');

/** The persons' data as the file format carries it: every data column, household by file number. */
async function personsDigest(db: TestDatabase): Promise<{ n: number; md5: string }> {
  const [r] = await db.sql<{ n: number; md5: string }[]>`
    select count(*)::int as n, md5(string_agg(
      (to_jsonb(p) - 'updated_at' - 'updated_by' - 'legal_basis' - 'household_id' - 'version' - 'search_name')::text || coalesce(h.file_number, ''),
      '|' order by p.id_number)) as md5
    from person p left join household h on h.id = p.household_id`;
  return r!;
}

/** Everything an import could change. */
async function registerState(db: TestDatabase) {
  const [r] = await db.sql`
    select (select count(*)::int from person) as persons, (select count(*)::int from household) as households,
           (select md5(coalesce(string_agg(id_number || version, ',' order by id_number), '')) from person) as person_versions,
           (select count(*)::int from audit_log) as audit, (select count(*)::int from outbox_event) as outbox,
           (select count(*)::int from life_event) as events`;
  return r;
}

describe('cancuoc import / export', () => {
  let source: TestDatabase;
  let dir: string;
  before(async () => {
    source = await createTestDatabase();
    await seedPopulation(source.sql, { people: 3000, seed: 21, asOf: TODAY, key: KEY, actor: 'cli:seed' });
    // Give a few persons the fields the generator leaves empty, so that the round trip covers them.
    await source.sql`update person set other_names = '{"Tí", "Bé Ba"}', temporary_absence = '{"from": "2026-01-02", "reason": "đi học, xa nhà"}',
      place_of_birth = 'Bệnh viện "Từ Dũ", TP HCM', missing_since = null
      where id_number in (select id_number from person where death_date is null order by id_number limit 3)`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-import-'));
  });
  after(async () => {
    await source.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const format of ['csv', 'ndjson'] as const) {
    test(`export → import into an empty register gives the same persons (${format})`, async () => {
      const file = path.join(dir, `all.${format}`);
      const out = createWriteStream(file);
      const exported = await exportPersons(source, out, { format, actor: 'cli:export' });
      assert.equal(exported.rows, 3000);
      const target = await createTestDatabase();
      try {
        const result = await importPersons(target.sql, { file, format, legalBasis: 'Test import', actor: 'cli:import', today: TODAY, key: KEY });
        assert.equal(result.imported, 3000);
        assert.deepEqual(await personsDigest(target), await personsDigest(source));
        assert.deepEqual(await staleDocuments(target.sql), [], 'every imported person\'s document equals the computed view');
        const [{ households }] = await target.sql<{ households: number }[]>`select count(*)::int as households from household`;
        const [{ expected }] = await source.sql<{ expected: number }[]>`select count(*)::int as expected from household`;
        assert.equal(households, expected);
        // One audit entry per imported person (subject = ID number) and one for the import.
        const [{ entries, subjects }] = await target.sql<{ entries: number; subjects: number }[]>`
          select count(*)::int as entries, count(distinct subject)::int as subjects from audit_log where action = 'person.import'`;
        assert.equal(entries, 3000);
        assert.equal(subjects, 3000);
        assert.equal((await verifyLog(target.sql)).valid, true);
      } finally {
        await target.drop();
      }
    });
  }

  test('a file with bad rows reports each line and reason and leaves the register exactly unchanged', async () => {
    const target = await createTestDatabase();
    try {
      await seedPopulation(target.sql, { people: 300, seed: 22, asOf: TODAY, key: KEY, actor: 'cli:seed' });
      const [existing] = await target.sql<{ id_number: string; household: string }[]>`
        select p.id_number, h.file_number as household from person p join household h on h.id = p.household_id limit 1`;
      const header = 'idNumber,fullName,birthDate,sex,ethnicity,birthRegistrationUnitId,permanentUnitId,permanentAddress,fatherIdNumber,householdFileNumber,relationshipToHead,phone';
      const lines = [
        header,
        '001090000123,Nguyễn Văn An,1990-04-01,male,Kinh,1:01,2:00004,Số 1 Hàng Bông,,HX-1,Chủ hộ,0912345678', // 2: good
        `${existing!.id_number},Trần Thị Bình,1990-04-01,female,Kinh,,,,,,,`, // 3: already registered (and ID mismatch)
        '001090000123,Nguyễn Văn An,1990-04-01,male,Kinh,,,,,,,', // 4: duplicate of line 2
        '001190000777,Lê Thị Cúc,1990-02-30,female,Kinh,,,,,,,', // 5: impossible date
        '079095000001,Phạm Văn Dũng,1995-01-01,male,Kinh,1:79,9:00001,Đâu đó,,,,', // 6: malformed unit
        '079095000002,Phạm Văn Em,1995-01-01,male,Kinh,1:79,2:99999,Đâu đó,,,,', // 7: unknown unit
        '079221000003,Phạm Minh Phúc,2021-03-03,male,Kinh,1:79,,,079095999999,,,', // 8: father nowhere
        '001190000888,"Hoàng Thị Gấm",1990-07-07,female,Kinh,,,,,,,12ab', // 9: bad phone
        '001090000999,Đỗ Văn Hải,1990-01-01,female,Kinh,,,,,,,', // 10: sex does not match the number
        '001090000555,Vũ Văn Khoa,1990-01-01,male,Kinh,,2:00004,Ngõ 5,,HX-2,Con,', // 11: new household without head
        '001090000556,Vũ Văn Long,1990-01-01,male,Kinh,,2:00004,Ngõ 5,,HX-3,Chủ hộ,,extra', // 12: too many fields
      ];
      const file = path.join(dir, 'bad.csv');
      writeFileSync(file, lines.join('\n') + '\n');
      const before = await registerState(target);
      const err = await importPersons(target.sql, { file, format: 'csv', legalBasis: 'Test import', actor: 'cli:import', today: TODAY, key: KEY })
        .then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof ImportRejectedError, String(err));
      const byLine = new Map<number, string[]>();
      for (const p of err.problems) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p.message]);
      assert.deepEqual([...byLine.keys()], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const has = (line: number, re: RegExp) => assert.ok(byLine.get(line)!.some((m) => re.test(m)), `line ${line}: ${byLine.get(line)!.join(' | ')}`);
      has(3, /already registered/);
      has(4, /more than once in the file \(first on line 2\)/);
      has(5, /birthDate: not a date/);
      has(6, /permanentUnitId: not a unit id/);
      has(7, /permanentUnitId: no administrative unit 2:99999/);
      has(8, /fatherIdNumber: 079095999999 is neither in the file nor in the register/);
      has(9, /phone: malformed/);
      has(10, /female/);
      has(11, /HX-2 is new and has no row with relationshipToHead "Chủ hộ"/);
      has(12, /13 fields where the header has 12/);
      assert.deepEqual(await registerState(target), before);
    } finally {
      await target.drop();
    }
  });

  test('a person joining a registered household and father: every document equals the computed view after the import', async () => {
    const target = await createTestDatabase();
    try {
      await seedPopulation(target.sql, { people: 300, seed: 23, asOf: TODAY, key: KEY, actor: 'cli:seed' });
      const [father] = await target.sql<{ id_number: string; household: string }[]>`
        select p.id_number, h.file_number as household from person p join household h on h.id = p.household_id
        where p.sex = 'male' and p.birth_date < '1995-01-01' and p.death_date is null order by p.id_number limit 1`;
      const idNumber = createIdAllocator(KEY).allocateInPrefix(formatPrefix({ provinceCode: '001', sex: 'male', birthYear: 2020 }), 999_999);
      const file = path.join(dir, 'join.ndjson');
      writeFileSync(file, JSON.stringify({ idNumber, fullName: 'Nguyễn Văn Nhập', birthDate: '2020-05-05', sex: 'male', ethnicity: 'Kinh',
        birthRegistrationUnitId: '1:01', fatherIdNumber: father!.id_number, householdFileNumber: father!.household, relationshipToHead: 'Con' }) + '\n');
      const result = await importPersons(target.sql, { file, format: 'ndjson', legalBasis: 'Test import', actor: 'cli:import', today: TODAY, key: KEY });
      assert.equal(result.initialLoad, false);
      assert.deepEqual(await staleDocuments(target.sql), []);
      const [{ children }] = await target.sql<{ children: { idNumber: string }[] }[]>`select document->'children' as children from person where id_number = ${father!.id_number}`;
      assert.ok(children.some((c) => c.idNumber === idNumber));
    } finally {
      await target.drop();
    }
  });

  test('the CLI imports, exports and refuses bad files with exit code 2 (against DATABASE_URL)', async () => {
    const target = await createTestDatabase();
    try {
      const env = { ...process.env, DATABASE_URL: target.url, CANCUOC_DATA_DIR: dir };
      const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', cwd: ROOT });
      const seeded = run('seed', '--people', '400', '--seed', '3', '--as-of', TODAY, '--no-progress');
      assert.equal(seeded.status, 0, seeded.stderr);
      assert.equal(JSON.parse(seeded.stdout).people, 400);
      const badProvince = run('seed', '--people', '10', '--province', '99', '--no-progress');
      assert.equal(badProvince.status, 2);
      assert.match(badProvince.stderr, /--province must be the 2-digit code/);
      const out = path.join(dir, 'cli.ndjson');
      const exported = run('export', '--out', out, '--no-progress');
      assert.equal(exported.status, 0, exported.stderr);
      assert.equal(JSON.parse(exported.stdout).rows, 400);
      assert.equal(readFileSync(out, 'utf8').trim().split('\n').length, 400);
      const hanoi = run('export', '--province', '01', '--format', 'csv', '--no-progress');
      assert.equal(hanoi.status, 0, hanoi.stderr);
      const [{ n }] = await target.sql<{ n: number }[]>`select count(*)::int as n from person where current_province_id = '2:01'`;
      assert.equal(hanoi.stdout.trim().split('\n').length, n + 1);
      // Importing the same persons again: every row is a duplicate of the register.
      const again = run('import', out, '--no-progress');
      assert.equal(again.status, 2);
      assert.equal((again.stderr.match(/is already registered/g) ?? []).length, 400);
      assert.match(again.stderr, /cli\.ndjson:1: idNumber: \d{12} is already registered/);
      assert.match(again.stderr, /nothing was imported/);
      const noFormat = run('import', path.join(dir, 'x.txt'), '--no-progress');
      assert.equal(noFormat.status, 2);
      assert.match(noFormat.stderr, /--format csv or --format ndjson/);
    } finally {
      await target.drop();
    }
  });
});
