// Test support: a fresh database per test file, made from the migrated template that
// `npm test` (scripts/test.ts) prepares on its throw-away embedded PostgreSQL.
import { randomBytes } from 'node:crypto';
import { connect, type Sql } from '../db/connect.ts';

export interface TestDatabase { sql: Sql; url: string; name: string; drop(): Promise<void> }

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.CANCUOC_TEST_PG_URL;
  const template = process.env.CANCUOC_TEST_TEMPLATE ?? 'cancuoc_template';
  if (!base) throw new Error('CANCUOC_TEST_PG_URL is not set: run the tests with `npm test` (it starts the test database)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = connect(base, { max: 1 });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  const sql = connect(url, { max: 10 });
  return {
    sql, url, name,
    async drop() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
