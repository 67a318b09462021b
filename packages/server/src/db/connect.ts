// One postgres.js client per process; every module receives it, none opens its own.
import postgres from 'postgres';

export type Sql = postgres.Sql<Record<string, never>>;
export type Tx = postgres.TransactionSql<Record<string, never>>;

export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 20,
    onnotice: () => {},
    // Legal dates stay 'YYYY-MM-DD' strings (DESIGN.md §5: `date` is a calendar day, not an
    // instant); converting them to JS Dates would shift them by the server's time zone.
    types: { date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x } },
    transform: { undefined: null },
    // Every statement is prepared (postgres.js default) and none has a plan that depends on its
    // parameter values: key lookups, ranges and searches whose shape is fixed in the SQL. Left
    // to 'auto', PostgreSQL re-plans a statement whose custom plans look cheaper than the
    // generic one — the batched person lookup (registry/sql.ts, `= any($1)`: a few keys look
    // cheaper than the generic estimate) then spent ~1.5 ms planning 8 joins on every call
    // (PostgreSQL docs, PREPARE, "plan_cache_mode"; runtime config §19.7.2).
    connection: { plan_cache_mode: 'force_generic_plan' },
  }) as unknown as Sql;
}
