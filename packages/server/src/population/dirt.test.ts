// `cancuoc seed --dirty RATE`: known duplicates and rule violations planted with their key, the
// same for the same seed, and the quality checks find what was planted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runQuality } from '../quality/run.ts';
import { pairsInBand } from '../quality/sql.ts';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';
import { pairKey, plantedKey, type PlantedRow } from './planted.ts';
import { seedPopulation } from './seed.ts';

const KEY = Buffer.alloc(32, 9);
const AS_OF = '2026-11-23';
const RATE = 0.03;

let db: TestDatabase;
let planted: PlantedRow[];
let result: Awaited<ReturnType<typeof seedPopulation>>;
before(async () => {
  db = await createTestDatabase();
  result = await seedPopulation(db.sql, { people: 8000, seed: 3, asOf: AS_OF, key: KEY, actor: 'cli:seed', dirty: RATE });
  await db.sql`analyze person`;
  planted = await plantedKey(db.sql);
});
after(async () => db.drop());

test('duplicates of RATE of the persons and violations of every plantable rule, with their key', async () => {
  const duplicates = planted.filter((p) => p.kind === 'duplicate');
  const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from person`;
  assert.equal(n, 8000 + duplicates.length, 'duplicates come on top of the persons asked for');
  assert.ok(duplicates.length > 8000 * RATE * 0.7 && duplicates.length < 8000 * RATE * 1.3, `${duplicates.length} duplicates`);
  assert.deepEqual(new Set(duplicates.map((d) => d.code)), new Set(['diacritics', 'typo', 'swapped-date', 'married-name', 'diacritics+swapped']));
  const rules = new Set(planted.filter((p) => p.kind === 'violation').map((p) => p.code));
  for (const code of ['DQ-001', 'DQ-002', 'DQ-004', 'DQ-005', 'DQ-006', 'DQ-007', 'DQ-008', 'DQ-009', 'DQ-010', 'DQ-011', 'DQ-012', 'DQ-013', 'DQ-014', 'DQ-015', 'DQ-016']) {
    assert.ok(rules.has(code), `a violation of ${code} is planted`);
  }
  assert.equal(Object.values(result.planted!).reduce((a, b) => a + b, 0), planted.length);
  // A duplicate is the same person again: same sex, and the ID number's province and year.
  const rows = await db.sql<{ a: string; b: string; sa: string; sb: string }[]>`
    select p.id_number as a, q.id_number as b, p.sex as sa, q.sex as sb from seed_planted s
    join person p on p.id_number = s.id_number join person q on q.id_number = s.other_id_number where s.kind = 'duplicate'`;
  assert.equal(rows.length, duplicates.length);
  for (const r of rows) {
    assert.equal(r.sa, r.sb);
    assert.equal(r.a.slice(0, 6), r.b.slice(0, 6));
  }
});

test('the same seed and rate plant the same dirt', async () => {
  const other = await createTestDatabase();
  try {
    await seedPopulation(other.sql, { people: 8000, seed: 3, asOf: AS_OF, key: KEY, actor: 'cli:seed', dirty: RATE });
    const again = await plantedKey(other.sql);
    assert.deepEqual(again, planted);
  } finally {
    await other.drop();
  }
});

test('the quality run finds every planted violation and the planted duplicates', async () => {
  await runQuality(db.sql, { actor: 'test', today: AS_OF });
  const findings = await db.sql<{ rule: string; id_number: string | null; household_id: string | null }[]>`
    select rule, id_number, household_id::text from quality_finding`;
  const has = new Set(findings.map((f) => `${f.rule}|${f.id_number ?? ''}|${f.household_id ?? ''}`));
  const persons = new Set(findings.filter((f) => f.id_number).map((f) => `${f.rule}|${f.id_number}`));
  const households = new Set(findings.filter((f) => f.household_id).map((f) => `${f.rule}|${f.household_id}`));
  const missed = planted.filter((p) => p.kind === 'violation').filter((p) => (p.idNumber && !p.householdId
    ? !persons.has(`${p.code}|${p.idNumber}`)
    : p.code === 'DQ-012' ? !persons.has(`${p.code}|${p.idNumber}`) : !households.has(`${p.code}|${p.householdId}`)));
  assert.deepEqual(missed, [], `planted violations not found (of ${has.size} findings)`);
  const truth = new Set(planted.filter((p) => p.kind === 'duplicate').map((p) => pairKey(p.idNumber!, p.otherIdNumber!)));
  const same = (await pairsInBand(db.sql, 'same')).map((p) => pairKey(p.a, p.b));
  const hits = same.filter((k) => truth.has(k)).length;
  assert.ok(hits / same.length >= 0.95, `precision ${hits}/${same.length}`);
  assert.ok(hits / truth.size >= 0.9, `recall ${hits}/${truth.size}`);
});
