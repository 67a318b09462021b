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
  }) as unknown as Sql;
}
