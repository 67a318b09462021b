// The key of planted dirt (`cancuoc seed --dirty`, dirt.ts; table seed_planted, migration 042), for
// the modules and benchmarks that measure themselves against it.
import type { Sql } from '../db/connect.ts';

export interface PlantedRow { kind: 'duplicate' | 'violation'; code: string; idNumber: string | null; otherIdNumber: string | null; householdId: string | null }

export async function plantedKey(sql: Sql, kind?: 'duplicate' | 'violation'): Promise<PlantedRow[]> {
  return sql<PlantedRow[]>`
    select kind, code, id_number as "idNumber", other_id_number as "otherIdNumber", household_id::text as "householdId"
    from seed_planted ${kind ? sql`where kind = ${kind}` : sql``} order by id`;
}

/** A planted duplicate as an unordered pair, "a|b" with a < b. */
export const pairKey = (x: string, y: string) => (x < y ? `${x}|${y}` : `${y}|${x}`);
