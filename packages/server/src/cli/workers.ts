// The HTTP API served by several processes (`cancuoc start --workers N`).
//
// Why: one Node process runs JavaScript on one core; a national register answering thousands of
// lookups per second needs every core the machine has. The primary process owns the database
// (starts the embedded PostgreSQL, migrates, seeds) and forks the workers; node:cluster shares
// the listening socket between them. Each worker opens its own connection pool and has its own
// group-commit audit writer: the audit chain stays one chain because appends are serialised in
// the database (migration 011, audit_append).
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';
import { connect } from '../db/connect.ts';
import { buildApp } from '../http/app.ts';
import { loadOrCreateAuditLogKey } from '../audit/log-key.ts';
import { hsmConfig } from '../keys/hsm-config.ts';
import { idNumberKey } from '../keys/secrets.ts';
import { pkiPolicyFromEnv } from '../pki/policy.ts';
import { consoleSettings } from '../http/console-config.ts';
import { WEB_DIST, webConsoleBuilt } from '../http/web-console.ts';
import { createServices, type Services } from '../services.ts';

/** Environment of a worker: where the primary's database is. */
const DATABASE_URL_ENV = 'CANCUOC_WORKER_DATABASE_URL';
/** Connections per worker: enough to keep PostgreSQL busy on every core with batched reads. */
const WORKER_POOL = 10;

export const isWorker = () => cluster.isWorker;

/** The API as `start` serves it, in its own process or in each worker. */
export const apiApp = (services: Services, config: Config) =>
  buildApp(services, {
    logger: { level: process.env.LOG_LEVEL ?? 'warn' }, rateLimitPerMinute: config.rateLimitPerMinute,
    console: consoleSettings(config), webRoot: webConsoleBuilt() ? WEB_DIST : undefined,
  });

/** In a worker: serve the API on the configured port, tell the primary once listening. */
export async function runWorker(config: Config): Promise<void> {
  const url = process.env[DATABASE_URL_ENV];
  if (!url) throw new Error(`${DATABASE_URL_ENV} is not set: workers are started by \`cancuoc start\``);
  const sql = connect(url, { max: WORKER_POOL });
  // The primary created the token and the keys; a worker opens the token when it first signs.
  const services = createServices(sql, { idNumberKey: idNumberKey(config.dataDir), auditLogKey: await loadOrCreateAuditLogKey(config.dataDir) },
    { hsm: () => hsmConfig(config.dataDir), pki: { policy: pkiPolicyFromEnv() } });
  const app = await apiApp(services, config);
  await app.listen({ port: config.port, host: config.host });
  process.send?.({ listening: true });
  const stop = async () => {
    await app.close();
    services.pki.close();
    await sql.end({ timeout: 5 });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => { /* the primary decides when workers stop */ });
  // The primary is gone (killed without stopping us): do not serve on without it.
  process.on('disconnect', stop);
}

export interface WorkerPool { stop(): Promise<void> }

/**
 * In the primary: fork `count` workers and resolve once all listen. A worker that dies while
 * the platform runs is replaced (and said so on stderr); one that dies before listening fails
 * the start with its exit code.
 */
export async function startWorkers(count: number, databaseUrl: string, say: (m: string) => void): Promise<WorkerPool> {
  let stopping = false;
  const fork = () => cluster.fork({ [DATABASE_URL_ENV]: databaseUrl });
  const started = Array.from({ length: count }, () => fork());
  await Promise.all(started.map((w) => new Promise<void>((resolve, reject) => {
    w.on('message', (m: { listening?: boolean }) => { if (m?.listening) resolve(); });
    w.once('exit', (code) => reject(new Error(`HTTP worker ${w.process.pid} exited with code ${code} before listening`)));
  }))).catch((err) => {
    stopping = true;
    for (const w of started) w.kill('SIGTERM');
    throw err;
  });
  cluster.on('exit', (w: Worker, code, signal) => {
    if (stopping) return;
    say(`cancuoc: HTTP worker ${w.process.pid} died (${signal ?? `code ${code}`}); starting another`);
    fork();
  });
  return {
    async stop() {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        w.once('exit', () => resolve());
        w.kill('SIGTERM');
      })));
    },
  };
}
