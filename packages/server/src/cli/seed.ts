// `cancuoc seed --people N [--province CODE] [--seed S] [--as-of DATE] [--dirty RATE]`: a
// synthetic population (src/population, docs/population.md), loaded with COPY in one transaction,
// with a progress bar; --dirty plants known duplicates and rule violations with their key.
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { todayInVietnam } from '../calendar.ts';
import { idNumberKey } from '../keys/secrets.ts';
import { resolveProvince, UnknownProvinceError } from '../population/geography.ts';
import { seedPopulation } from '../population/seed.ts';
import { dateOption, integerOption, portOption, rateOption } from './options.ts';

export function registerSeedCommand(program: Command): void {
  program.command('seed')
    .description('load a realistic, deterministic synthetic population (same seed and key → same people and ID numbers)')
    .requiredOption('--people <n>', 'number of persons', integerOption('--people', 1, 200_000_000))
    .option('--province <code>', 'only this province (in force since 2025-07-01): 2-digit code like 01 or unit id 2:01')
    .option('--seed <s>', 'random seed', integerOption('--seed', 0, 2 ** 52), 1)
    .option('--as-of <date>', 'the population\'s reference date, YYYY-MM-DD (default: today in Vietnam)', dateOption('--as-of'))
    .option('--dirty <rate>', 'plant known dirt: duplicates of this share of the persons (0 < RATE ≤ 0.5, e.g. 0.01) and rule violations of half of it, with their key in seed_planted', rateOption('--dirty'))
    .option('--data <dir>', 'run-time data directory: embedded PostgreSQL, keys (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption)
    .option('--no-progress', 'no progress bar')
    .action(async (opts: { people: number; province?: string; seed: number; asOf?: string; dirty?: number; data?: string; pgPort?: number; progress: boolean }) => {
      const config = loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort });
      const db = await openDatabase(config, { poolSize: 4 });
      try {
        const provinceId = opts.province === undefined ? undefined : await resolveProvince(db.sql, opts.province);
        const result = await runSeed(db.sql, {
          people: opts.people, seed: opts.seed, provinceId, asOf: opts.asOf ?? todayInVietnam(), key: idNumberKey(config.dataDir), progress: opts.progress, dirty: opts.dirty,
        });
        process.stdout.write(JSON.stringify(result) + '\n');
      } catch (err) {
        if (!(err instanceof UnknownProvinceError)) throw err;
        process.stderr.write(`cancuoc seed: ${err.message}\n`);
        process.exitCode = 2;
      } finally {
        await db.close();
      }
    });
}

/** Runs a seed with a progress bar on stderr; returns the result with timings. */
export async function runSeed(sql: Parameters<typeof seedPopulation>[0], o: { people: number; seed: number; provinceId?: string; asOf: string; key: Uint8Array; progress: boolean; actor?: string; dirty?: number }) {
  const bar = o.progress && process.stderr.isTTY !== false
    ? new SingleBar({ format: 'seed [{bar}] {percentage}% | {value}/{total} persons | {rate}/s | ETA {eta_formatted}', stream: process.stderr, fps: 5 })
    : undefined;
  const started = performance.now();
  bar?.start(o.people, 0, { rate: 0 });
  const phases: Record<string, number> = {};
  let bulkPhase = 'building person documents and indexes';
  try {
    const result = await seedPopulation(sql, {
      ...o, actor: o.actor ?? 'cli:seed',
      onProgress: (n) => bar?.update(n, { rate: Math.round(n / ((performance.now() - started) / 1000)) }),
      onPhase: (name, ms) => {
        phases[name] = Math.round(ms);
        if (name === 'generate + copy') {
          bar?.stop();
          if (o.progress) process.stderr.write(`seed: ${bulkPhase}…\n`);
          bulkPhase = '';
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    return { ...result, seconds: Math.round(seconds * 10) / 10, personsPerSecond: Math.round(o.people / seconds), phasesMs: phases };
  } finally {
    bar?.stop();
  }
}
