// Shared by the population benchmarks: the benchmark database under var/bench (gitignored), an
// embedded PostgreSQL that `bench:ingest` fills and `bench:lookup` / `bench:search` reuse.
import { existsSync, mkdirSync, rmSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../packages/server/src/config.ts';
import { openDatabase, type Database } from '../packages/server/src/db/open.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');

type ArgOptions = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

export function benchArgs(extra: ArgOptions = {}) {
  const { values } = parseArgs({
    strict: true,
    options: {
      people: { type: 'string', default: '10000000' },
      data: { type: 'string', default: path.join(ROOT, 'var/bench') },
      'pg-port': { type: 'string', default: '18250' },
      reuse: { type: 'boolean', default: false },
      ...extra,
    },
  }) as { values: Record<string, string | boolean | undefined> };
  const people = Number(values.people);
  if (!Number.isInteger(people) || people < 1) throw new Error(`--people must be a whole number ≥ 1, got ${values.people}`);
  return { ...values, people, data: String(values.data), pgPort: Number(values['pg-port']), reuse: Boolean(values.reuse) } as Record<string, unknown> & { people: number; data: string; pgPort: number; reuse: boolean };
}

export async function openBenchDatabase(o: { data: string; pgPort: number; fresh: boolean; poolSize?: number }): Promise<Database> {
  if (o.fresh && existsSync(o.data)) rmSync(o.data, { recursive: true, force: true });
  mkdirSync(o.data, { recursive: true });
  chmodSync(o.data, 0o755);
  return openDatabase(loadConfig({ dataDir: o.data, embeddedPgPort: o.pgPort }), { poolSize: o.poolSize ?? 20 });
}

export async function personCount(db: Database): Promise<number> {
  const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from person`;
  return n;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en');
}
