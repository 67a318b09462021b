// `cancuoc start` and `cancuoc migrate`.
import type { Command } from 'commander';
import { ensureBootstrapAdmin } from '../auth/bootstrap.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/open.ts';
import { idNumberKey } from '../keys.ts';
import { buildApp } from '../http/app.ts';
import { createServices } from '../services.ts';
import { integerOption, portOption } from './options.ts';
import { seedOnStart } from './start-seed.ts';

export function registerPlatformCommands(program: Command): void {
  program.command('start')
    .description('migrate the database, seed a synthetic population if the register is empty, serve the API')
    .option('--port <port>', 'HTTP port (default 8080 or $PORT)', portOption)
    .option('--host <host>', 'address to listen on (default 127.0.0.1 or $HOST)')
    .option('--data <dir>', 'run-time data directory: embedded PostgreSQL, keys (default ./var)')
    .option('--pg-port <port>', 'port of the embedded PostgreSQL (default 54329)', portOption)
    .option('--seed-people <n>', 'size of the synthetic population seeded into an empty register', integerOption('--seed-people', 0, 200_000_000), 20_000)
    .action(async (opts: { port?: number; host?: string; data?: string; pgPort?: number; seedPeople: number }) => {
      const config = loadConfig({ port: opts.port, host: opts.host, dataDir: opts.data, embeddedPgPort: opts.pgPort });
      const say = (m: string) => process.stdout.write(m + '\n');
      say(`cancuoc: data directory ${config.dataDir}${config.databaseUrl ? ' (external PostgreSQL from DATABASE_URL)' : ' (embedded PostgreSQL)'}`);
      const db = await openDatabase(config, { log: (m) => say(`migrate: ${m}`) });
      const services = createServices(db.sql, { idNumberKey: idNumberKey(config.dataDir) });
      await seedOnStart(services, config, opts.seedPeople, say);
      const admin = await ensureBootstrapAdmin(db.sql, config.dataDir);
      const app = await buildApp(services, { logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
      await app.listen({ port: config.port, host: config.host });
      const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
      say('');
      say(`  API           ${base}/api/v1   (health: ${base}/api/v1/health)`);
      say(`  API docs      ${base}/api/docs`);
      say(`  Bootstrap     username ${admin.username}  password ${admin.password ?? `(see ${admin.file})`}`);
      say(`                (kept in ${admin.file}, mode 0600)`);
      say('');
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        say('cancuoc: stopping');
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
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
