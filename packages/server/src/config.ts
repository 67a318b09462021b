// Runtime configuration: command-line options win over environment variables, which win over
// defaults. Everything the platform writes at run time (database files, generated keys) lives
// under `dataDir` (default ./var), never in the repository.
import path from 'node:path';

export interface Config {
  /** Directory for run-time state: embedded PostgreSQL cluster, generated keys. */
  dataDir: string;
  /** External PostgreSQL (any server ≥ 15). Unset: the embedded server under dataDir/pg. */
  databaseUrl?: string;
  /** Port of the embedded PostgreSQL server. */
  embeddedPgPort: number;
  host: string;
  port: number;
  /**
   * Requests per minute one client address may make (login has its own, stricter limit). A
   * ministry's or bank's gateway sends all its users' requests from one address, so the
   * default leaves room for it; set CANCUOC_RATE_LIMIT to the capacity agreed with each client.
   */
  rateLimitPerMinute: number;
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const env = process.env;
  return {
    dataDir: path.resolve(overrides.dataDir ?? env.CANCUOC_DATA_DIR ?? 'var'),
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    embeddedPgPort: overrides.embeddedPgPort ?? intFromEnv('CANCUOC_PG_PORT', 54329, PORT),
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port: overrides.port ?? intFromEnv('PORT', 8080, PORT),
    rateLimitPerMinute: overrides.rateLimitPerMinute ?? intFromEnv('CANCUOC_RATE_LIMIT', 60_000, COUNT),
  };
}

const PORT = { max: 65535, expected: 'a port number (1–65535)' };
const COUNT = { max: Number.MAX_SAFE_INTEGER, expected: 'a whole number ≥ 1' };

/** A whole number from 1 to `range.max` from the environment; unset or empty gives `fallback`. */
export function intFromEnv(name: string, fallback: number, range: { max: number; expected: string }): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > range.max) throw new Error(`${name} must be ${range.expected}, got "${raw}"`);
  return n;
}
