// The synthetic population: deterministic, realistic, consistent with the register's rules.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkIdNumberMatches, createIdAllocator } from '@cancuoc/idnumber';
import { staleDocuments } from '../registry/test-helpers.ts';
import { verifyLog } from '../testing/audit.ts';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';
import { seedPopulation } from './seed.ts';

const KEY = Buffer.alloc(32, 7);
const AS_OF = '2026-11-23';

/** A digest of every person and household row (without the load timestamps). */
async function digest(db: TestDatabase): Promise<string> {
  const [{ persons }] = await db.sql<{ persons: string }[]>`
    select md5(string_agg((to_jsonb(p) - 'updated_at')::text, '|' order by id_number)) as persons from person p`;
  const [{ households }] = await db.sql<{ households: string }[]>`
    select md5(string_agg((to_jsonb(h) - 'created_at')::text, '|' order by id)) as households from household h`;
  return `${persons}/${households}`;
}

describe('cancuoc seed', () => {
  let big: TestDatabase;
  before(async () => {
    big = await createTestDatabase();
    await seedPopulation(big.sql, { people: 20_000, seed: 11, asOf: AS_OF, key: KEY, actor: 'cli:seed' });
  });
  after(async () => big.drop());

  test('every seeded person\'s document equals the view computed from the tables', async () => {
    assert.deepEqual(await staleDocuments(big.sql), []);
    const [{ missing }] = await big.sql<{ missing: number }[]>`select count(*)::int as missing from person where document is null`;
    assert.equal(missing, 0);
  });

  test('the same seed and key give identical rows; another seed gives other people', async () => {
    const [a, b, c] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    try {
      await seedPopulation(a.sql, { people: 1500, seed: 5, asOf: AS_OF, key: KEY, actor: 'cli:seed' });
      await seedPopulation(b.sql, { people: 1500, seed: 5, asOf: AS_OF, key: KEY, actor: 'cli:seed' });
      await seedPopulation(c.sql, { people: 1500, seed: 6, asOf: AS_OF, key: KEY, actor: 'cli:seed' });
      assert.equal(await digest(a), await digest(b));
      assert.notEqual(await digest(a), await digest(c));
      const [{ n }] = await a.sql<{ n: number }[]>`select count(*)::int as n from person`;
      assert.equal(n, 1500);
    } finally {
      await Promise.all([a.drop(), b.drop(), c.drop()]);
    }
  });

  test('surnames, sex and ages are distributed roughly like Vietnam\'s', async () => {
    const [s] = await big.sql<{ nguyen: number; tran: number; le: number; male: number; under15: number; over65: number; median: number; size: number }[]>`
      select avg((full_name like 'Nguyễn %')::int)::float as nguyen, avg((full_name like 'Trần %')::int)::float as tran,
             avg((full_name like 'Lê %')::int)::float as le, avg((sex = 'male')::int)::float as male,
             avg((age(${AS_OF}::date, birth_date) < interval '15 years')::int)::float as under15,
             avg((age(${AS_OF}::date, birth_date) >= interval '65 years')::int)::float as over65,
             percentile_cont(0.5) within group (order by extract(year from age(${AS_OF}::date, birth_date)))::float as median,
             (select avg(n)::float from (select count(*) n from person where household_id is not null group by household_id) x) as size
      from person where death_date is null`;
    assert.ok(s!.nguyen > 0.33 && s!.nguyen < 0.43, `Nguyễn ${s!.nguyen}`);
    assert.ok(s!.tran > 0.08 && s!.tran < 0.14, `Trần ${s!.tran}`);
    assert.ok(s!.le > 0.07 && s!.le < 0.12, `Lê ${s!.le}`);
    assert.ok(s!.male > 0.46 && s!.male < 0.54, `male ${s!.male}`);
    assert.ok(s!.under15 > 0.15 && s!.under15 < 0.32, `under 15 ${s!.under15}`);
    assert.ok(s!.over65 > 0.04 && s!.over65 < 0.13, `65+ ${s!.over65}`);
    assert.ok(s!.median > 25 && s!.median < 40, `median age ${s!.median}`);
    assert.ok(s!.size > 3.1 && s!.size < 3.9, `household size ${s!.size}`);
    const [{ kinh }] = await big.sql<{ kinh: number }[]>`select avg((ethnicity = 'Kinh')::int)::float as kinh from person`;
    assert.ok(kinh > 0.8 && kinh < 0.9, `Kinh ${kinh}`);
  });

  test('every household has one head, who is its member; spouses point at each other', async () => {
    const [h] = await big.sql<{ bad_heads: number; households: number }[]>`
      select count(*) filter (where heads <> 1 or head_ok = false)::int as bad_heads, count(*)::int as households from (
        select h.id, count(p.*) filter (where p.relationship_to_head = 'Chủ hộ') as heads,
               bool_and(exists (select 1 from person x where x.id_number = h.head_id and x.household_id = h.id)) as head_ok
        from household h left join person p on p.household_id = h.id group by h.id) x`;
    assert.ok(h!.households > 4000);
    assert.equal(h!.bad_heads, 0);
    const [{ one_sided, married }] = await big.sql<{ one_sided: number; married: number }[]>`
      select count(*) filter (where s.spouse_id is distinct from p.id_number)::int as one_sided,
             count(*)::int as married
      from person p left join person s on s.id_number = p.spouse_id where p.spouse_id is not null`;
    assert.ok(married > 5000);
    assert.equal(one_sided, 0);
    const [{ widowed_wrong }] = await big.sql<{ widowed_wrong: number }[]>`
      select count(*)::int as widowed_wrong from person p join person s on s.id_number = p.spouse_id
      where p.marital_status = 'widowed' and s.death_date is null`;
    assert.equal(widowed_wrong, 0);
  });

  test('parents exist, have the right sex and are older than their children', async () => {
    const [r] = await big.sql<{ links: number; missing: number; wrong_sex: number; too_young: number }[]>`
      select count(*)::int as links,
             count(*) filter (where par.id_number is null)::int as missing,
             count(*) filter (where par.sex <> l.expected)::int as wrong_sex,
             count(*) filter (where age(c.birth_date, par.birth_date) < interval '17 years')::int as too_young
      from person c
      cross join lateral (values (c.father_id, 'male'), (c.mother_id, 'female')) as l(parent, expected)
      left join person par on par.id_number = l.parent
      where l.parent is not null`;
    assert.ok(r!.links > 5000, `links ${r!.links}`);
    assert.equal(r!.missing, 0);
    assert.equal(r!.wrong_sex, 0);
    assert.equal(r!.too_young, 0);
  });

  test('every ID number is valid, matches sex and birth year, and was allocated under the key', async () => {
    const rows = await big.sql<{ id_number: string; sex: 'male' | 'female'; birth_date: string; birth_registration_unit_id: string }[]>`
      select id_number, sex, birth_date, birth_registration_unit_id from person`;
    const allocator = createIdAllocator(KEY);
    const counters = new Map((await big.sql<{ prefix: string; next: number }[]>`select prefix, next from id_number_counter`).map((r) => [r.prefix, r.next]));
    for (const r of rows) {
      const m = checkIdNumberMatches(r.id_number, { sex: r.sex, birthDate: r.birth_date });
      assert.ok(m.ok, `${r.id_number} ${r.sex} ${r.birth_date}`);
      // PPP is the province of birth registration.
      assert.equal(r.id_number.slice(1, 3), r.birth_registration_unit_id.slice(2));
      // Issued by this deployment: its counter is below the prefix's stored counter.
      assert.ok(allocator.counterOf(r.id_number) < counters.get(r.id_number.slice(0, 6))!);
    }
  });

  test('residences are real communes; old units map to today\'s commune', async () => {
    const [r] = await big.sql<{ not_commune: number; old: number; old_mismatch: number; province_mismatch: number; deaths: number; death_events: number }[]>`
      select count(*) filter (where c.level <> 'commune' or c.generation <> 2)::int as not_commune,
             count(*) filter (where u.generation = 1)::int as old,
             count(*) filter (where u.generation = 1 and p.temporary_unit_id is null and not exists (
               select 1 from admin_unit_succession s where s.predecessor_id = u.id and s.successor_id = p.current_commune_id))::int as old_mismatch,
             count(*) filter (where c.province_id <> p.current_province_id)::int as province_mismatch,
             count(*) filter (where p.death_date is not null)::int as deaths,
             (select count(*)::int from life_event where kind = 'death') as death_events
      from person p join admin_unit c on c.id = p.current_commune_id join admin_unit u on u.id = p.permanent_unit_id`;
    assert.equal(r!.not_commune, 0);
    assert.ok(r!.old > 2000, `old units ${r!.old}`);
    assert.equal(r!.old_mismatch, 0);
    assert.equal(r!.province_mismatch, 0);
    assert.ok(r!.deaths > 50);
    assert.equal(r!.death_events, r!.deaths);
  });

  test('the seed is audited once, announced once, and later births continue after the counters', async () => {
    const audit = await big.sql<{ actor: string; action: string; details: { people: number; seed: number } }[]>`
      select actor, action, details from audit_log where action = 'population.seed'`;
    assert.equal(audit.length, 1);
    assert.deepEqual([audit[0]!.actor, audit[0]!.details.people, audit[0]!.details.seed], ['cli:seed', 20_000, 11]);
    const log = await verifyLog(big.sql);
    assert.deepEqual([log.valid, log.entries, log.treeSize], [true, 1, 1]);
    const [{ n }] = await big.sql<{ n: number }[]>`select count(*)::int as n from outbox_event where topic = 'population.seeded'`;
    assert.equal(n, 1);
    // Indexes and foreign keys dropped for the initial load are all back.
    const indexes = await big.sql<{ indexname: string }[]>`select indexname from pg_indexes where tablename = 'person'`;
    assert.ok(indexes.some((i) => i.indexname === 'person_search_name'));
    assert.ok(indexes.some((i) => i.indexname === 'person_pkey'));
    const [{ fks }] = await big.sql<{ fks: number }[]>`select count(*)::int as fks from pg_constraint where conrelid = 'person'::regclass and contype = 'f'`;
    assert.ok(fks >= 7);
  });

  test('the name dictionary holds exactly the distinct search names of the seeded persons', async () => {
    // The initial load fills person_name from the generator's full names instead of the trigger.
    const [r] = await big.sql<{ missing: number; extra: number; names: number }[]>`
      select (select count(*)::int from (select distinct search_name from person) p
              where not exists (select 1 from person_name n where n.search_name = p.search_name)) as missing,
             (select count(*)::int from person_name n
              where not exists (select 1 from person p where p.search_name = n.search_name)) as extra,
             (select count(*)::int from person_name) as names`;
    assert.deepEqual(r, { missing: 0, extra: 0, names: r!.names });
    assert.ok(r!.names > 1000);
    // The trigger, dropped for the load, is back as migration 004 defined it, and enabled.
    const [{ enabled, def }] = await big.sql<{ enabled: string; def: string }[]>`
      select tgenabled as enabled, pg_get_triggerdef(oid) as def from pg_trigger where tgname = 'person_name_after_insert'`;
    assert.equal(enabled, 'O');
    assert.match(def, /AFTER INSERT ON public\.person REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_name_collect\(\)/);
  });

  test('search_name is what the unaccent extension itself gives, for every seeded name and hard cases', async () => {
    // immutable_unaccent() calls the extension's C function directly since migration 012.
    const hard = ['Đặng Thị Ngọc Hà', 'ĐOÀN VĂN ĐỨC', 'Nguyễn Thị Thuỳ Dương', 'Lê Văn Lộc', 'Trần Ánh Tuyết', 'Ngô Quang Vũ',
      'Nguye\u0302\u0303n', 'Hồ Ngọc Thủy', 'Phạm Hữu Ý', 'Ưng Hoàng Phúc', 'Œuvre Æsir ß'];
    const [{ differ }] = await big.sql<{ differ: number }[]>`
      select count(*)::int as differ from (
        select full_name, search_name from person
        union all select n, immutable_unaccent(lower(n)) from unnest(${big.sql.array(hard)}::text[]) as n
      ) x where x.search_name is distinct from public.unaccent('public.unaccent'::regdictionary, lower(x.full_name))`;
    assert.equal(differ, 0);
  });

  test('a second seed into a populated register adds people behind the live constraints', async () => {
    const db = await createTestDatabase();
    try {
      await seedPopulation(db.sql, { people: 800, seed: 1, asOf: AS_OF, key: KEY, actor: 'cli:seed' });
      const r = await seedPopulation(db.sql, { people: 700, seed: 2, asOf: AS_OF, key: KEY, actor: 'cli:seed' });
      assert.equal(r.initialLoad, false);
      const [{ n, distinct_ids }] = await db.sql<{ n: number; distinct_ids: number }[]>`select count(*)::int as n, count(distinct id_number)::int as distinct_ids from person`;
      assert.equal(n, 1500);
      assert.equal(distinct_ids, 1500);
      assert.deepEqual(await staleDocuments(db.sql), [], 'both seeds\' documents equal the computed view');
    } finally {
      await db.drop();
    }
  });

  test('--province confines the population to one province', async () => {
    const db = await createTestDatabase();
    try {
      await seedPopulation(db.sql, { people: 1200, seed: 3, provinceId: '2:79', asOf: AS_OF, key: KEY, actor: 'cli:seed' });
      const rows = await db.sql<{ province: string; n: number }[]>`select current_province_id as province, count(*)::int as n from person group by 1`;
      assert.deepEqual([...rows], [{ province: '2:79', n: 1200 }]);
    } finally {
      await db.drop();
    }
  });

  test('a failed seed leaves nothing behind', async () => {
    const db = await createTestDatabase();
    try {
      // A prefix with no serial left: the allocator throws mid-load and the transaction rolls back.
      await db.sql`insert into id_number_counter (prefix, next) select '0' || lpad(code, 2, '0') || g || lpad(y::text, 2, '0'), 1000000
        from admin_unit, generate_series(0, 3) g, generate_series(0, 99) y where generation = 1 and level = 'province'`;
      const before = await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
      await assert.rejects(seedPopulation(db.sql, { people: 500, seed: 4, asOf: AS_OF, key: KEY, actor: 'cli:seed' }), { code: 'ERR_IDNUMBER_PREFIX_EXHAUSTED' });
      const [{ persons, households }] = await db.sql<{ persons: number; households: number }[]>`
        select (select count(*)::int from person) as persons, (select count(*)::int from household) as households`;
      assert.equal(persons, 0);
      assert.equal(households, 0);
      assert.deepEqual(await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log`, before);
      const [{ fks }] = await db.sql<{ fks: number }[]>`select count(*)::int as fks from pg_constraint where conrelid = 'person'::regclass and contype = 'f'`;
      assert.ok(fks >= 7);
    } finally {
      await db.drop();
    }
  });
});
