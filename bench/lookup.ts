// bench:lookup — GET /api/v1/persons/{id} (the full HTTP path: bearer token, jurisdiction,
// audit of the read awaited before the answer) driven by autocannon on this machine, beside
// pgbench select-only on the SAME person table in the same run, with the same concurrency.
//   npm run bench:lookup -- [--data var/bench] [--pg-port 18250] [--port 18251] [--connections 16] [--seconds 20]
// Needs the benchmark database filled by bench:ingest (10 million persons for the target figures).
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchArgs, fmt, openBenchDatabase, personCount, startPlatform } from './bench-db.ts';

const args = benchArgs({ port: { type: 'string', default: '18251' }, connections: { type: 'string', default: '16' }, seconds: { type: 'string', default: '20' } });
const connections = Number(args.connections);
const seconds = Number(args.seconds);
const say = (m: string) => process.stdout.write(m + '\n');
const db = await openBenchDatabase({ data: args.data, pgPort: args.pgPort, fresh: false, poolSize: 20 });
try {
  const people = await personCount(db);
  if (people === 0) throw new Error(`no persons in ${args.data}: run npm run bench:ingest first`);
  say(`bench:lookup — ${fmt(people)} persons, ${connections} connections, ${seconds} s each`);
  // 10,000 random existing ID numbers (TABLESAMPLE: no full scan of a 10-million-row table).
  const ids = (await db.sql<{ id_number: string }[]>`
    select id_number from person tablesample system (1) where death_date is null limit 10000`).map((r) => r.id_number);
  await db.sql`drop table if exists bench_ids`;
  await db.sql`create table bench_ids (i integer primary key, id char(12) not null)`;
  await db.sql`insert into bench_ids select * from unnest(${db.sql.array(ids.map((_, i) => i + 1))}::int[], ${db.sql.array(ids)}::text[])`;

  const platform = await startPlatform(db, { data: args.data, port: Number(args.port) });

  let k = 0;
  const http = await autocannon({
    url: platform.base,
    connections, duration: seconds,
    headers: { authorization: platform.authorization },
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/v1/persons/${ids[(k++ * 7919) % ids.length]}` }) }],
  });
  const non2xx = http.non2xx;
  say(`HTTP GET /api/v1/persons/{id}: ${fmt(http.requests.average)} req/s, p50 ${http.latency.p50} ms, p99 ${http.latency.p99} ms, non-2xx ${non2xx}, errors ${http.errors}`);
  await platform.stop();

  const script = path.join(args.data, 'lookup.pgbench');
  writeFileSync(script, `\\set k random(1, ${ids.length})\nselect p.* from person p join bench_ids b on p.id_number = b.id where b.i = :k;\n`);
  const password = readFileSync(path.join(args.data, 'pg-password'), 'utf8').trim();
  const pgbench = spawnSync('pgbench', ['-n', '-h', '127.0.0.1', '-p', String(args.pgPort), '-U', 'postgres', '-c', String(connections), '-j', '2', '-T', String(seconds), '-f', script, '-M', 'prepared', 'cancuoc'],
    { env: { ...process.env, PGPASSWORD: password }, encoding: 'utf8' });
  if (pgbench.status !== 0) throw new Error(`pgbench failed: ${pgbench.stderr}`);
  const tps = Number(/tps = ([\d.]+)/.exec(pgbench.stdout)?.[1]);
  const lat = /latency average = ([\d.]+) ms/.exec(pgbench.stdout)?.[1];
  say(`pgbench select-only (same table, ${connections} clients, prepared): ${fmt(tps)} tps, latency average ${lat} ms`);
  say(`RESULT lookup: HTTP ${fmt(http.requests.average)} req/s = ${(100 * http.requests.average / tps).toFixed(0)} % of pgbench (target ≥ 30 %), p99 ${http.latency.p99} ms (target < 20 ms)`);
  await db.sql`drop table bench_ids`;
} finally {
  await db.close();
}
