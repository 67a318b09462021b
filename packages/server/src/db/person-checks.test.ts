// Migration 013 rewrote three format CHECKs of `person` as cheaper equivalents: the installed
// constraints must accept exactly what the original regular expressions (migration 002) accepted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';

const digits = (n: number) => '1234567890123456789'.slice(0, n);

const cases: { column: 'id_number' | 'old_id_number' | 'phone'; type: string; original: string; values: string[] }[] = [
  {
    column: 'id_number', type: 'char(12)', original: `~ '^\\d{12}$'`,
    values: ['', digits(1), digits(11), digits(12), `${digits(11)} `, ` ${digits(11)}`, '1234567890a1', '12345678901\n',
      '١٢٣٤٥٦٧٨٩٠١٢', `${digits(11)}２`, '０１２３４５６７８９０１'],
  },
  {
    column: 'old_id_number', type: 'text', original: `~ '^(\\d{9}|\\d{12})$'`,
    values: ['', ...[1, 8, 9, 10, 11, 12, 13, 15].map(digits), `${digits(9)} `, ` ${digits(9)}`, `${digits(9)}\n`, '12345a789',
      '١٢٣٤٥٦٧٨٩', `${digits(8)}٩`, '+123456789'],
  },
  {
    column: 'phone', type: 'text', original: `~ '^\\+?[0-9]{8,15}$'`,
    values: ['', '+', '++12345678', `${digits(8)}+`, ` ${digits(8)}`, `${digits(8)} `, `${digits(10)}\n`, '+１２３４５６７８',
      '١٢٣٤٥٦٧٨٩', ...[1, 7, 8, 9, 14, 15, 16, 17].flatMap((n) => [digits(n), `+${digits(n)}`])],
  },
];

describe('person format CHECKs (migration 013)', () => {
  let db: TestDatabase;
  before(async () => { db = await createTestDatabase(); });
  after(async () => db.drop());

  for (const c of cases) {
    test(`${c.column}: the installed CHECK accepts exactly what ${c.original} accepted`, async () => {
      const [{ def }] = await db.sql<{ def: string }[]>`
        select pg_get_constraintdef(oid) as def from pg_constraint
        where conrelid = 'person'::regclass and conname = ${`person_${c.column}_check`}`;
      assert.doesNotMatch(def!, /\{\d/, 'the installed constraint is the rewritten one');
      await db.sql.unsafe(`create table t_${c.column} (${c.column} ${c.type})`);
      await db.sql.unsafe(`alter table t_${c.column} add constraint same ${def}`);
      for (const value of c.values) {
        const [{ expected }] = await db.sql.unsafe<{ expected: boolean }[]>(`select $1::${c.type} ${c.original} as expected`, [value]);
        const accepted = await db.sql.begin(async (tx) => {
          await tx.unsafe(`insert into t_${c.column} values ($1)`, [value]);
          return true;
        }).catch((err: { code?: string }) => {
          if (err.code === '23514') return false;
          throw err;
        });
        assert.equal(accepted, expected, `${c.column} = ${JSON.stringify(value)}`);
      }
    });
  }
});
