// bench:lookup — GET /api/v1/persons/{id} (the full HTTP path: bearer token, jurisdiction,
// audit of the read committed before the answer) driven by a load generator on this machine,
// beside pgbench select-only on the SAME person table in the same run, with the same concurrency.
// The load generator is wrk (C, installed by scripts/system-deps.sh) when present: it needs a
// fraction of the CPU autocannon (Node) needs, and on 2 shared cores whatever the generator
// burns is taken from the server. Without wrk, autocannon.
// A second limit is measured after the platform: the same load against Fastify answering the
// same bytes from memory with nothing else to do (lib/http-ceiling.ts), what HTTP alone allows.
//   npm run bench:lookup -- [--data var/bench] [--pg-port 18250] [--port 18251] [--connections 16] [--seconds 20] [--warmup 5]
// Needs the benchmark database filled by bench:ingest (10 million persons for the target figures).
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchArgs, fmt, openBenchDatabase, personCount, startPlatform, startServerProcess } from './bench-db.ts';

const args = benchArgs({ port: { type: 'string', default: '18251' }, connections: { type: 'string', default: '16' }, seconds: { type: 'string', default: '20' }, warmup: { type: 'string', default: '5' } });
const connections = Number(args.connections);
const seconds = Number(args.seconds);
const warmup = Number(args.warmup);
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

  // Warm-up, not measured: the server's first seconds (module compilation, prepared statements,
  // PostgreSQL's buffer cache after a fresh start) are not what a running register sees.
  const load = (target: Target, s: number) => (hasWrk() ? Promise.resolve(runWrk(target, ids, s)) : runAutocannon(target, ids, s));
  await load(platform, warmup);
  const http = await load(platform, seconds);
  say(`HTTP GET /api/v1/persons/{id} (${http.tool}): ${fmt(http.rate)} req/s, p50 ${http.p50} ms, p99 ${http.p99} ms, non-2xx ${http.non2xx}, errors ${http.errors}`);
  const answer = await fetch(`${platform.base}/api/v1/persons/${ids[0]}`, { headers: { authorization: platform.authorization } });
  const answerFile = path.join(args.data, 'lookup-answer.json');
  writeFileSync(answerFile, JSON.stringify({ headers: servedHeaders(answer.headers), body: await answer.text() }), { mode: 0o600 });
  await platform.stop();
  // A rate that includes refusals or errors measures them, not the lookup.
  if (http.non2xx > 0 || http.errors > 0) throw new Error(`${http.non2xx} non-2xx answers and ${http.errors} socket errors: the figure would not be the lookup's`);

  // A second limit: the HTTP layer alone on these cores (bench/lib/http-ceiling.ts).
  const ceilingServer = await startCeiling(Number(args.port), answerFile);
  await load(ceilingServer, 2);
  const ceiling = await load(ceilingServer, seconds);
  await ceilingServer.stop();
  say(`HTTP ceiling (${ceiling.tool}; Fastify answering the same bytes and headers from memory, nothing else): ${fmt(ceiling.rate)} req/s, p50 ${ceiling.p50} ms, p99 ${ceiling.p99} ms`);

  const script = path.join(args.data, 'lookup.pgbench');
  writeFileSync(script, `\\set k random(1, ${ids.length})\nselect p.* from person p join bench_ids b on p.id_number = b.id where b.i = :k;\n`);
  const password = readFileSync(path.join(args.data, 'pg-password'), 'utf8').trim();
  const pgbench = spawnSync('pgbench', ['-n', '-h', '127.0.0.1', '-p', String(args.pgPort), '-U', 'postgres', '-c', String(connections), '-j', '2', '-T', String(seconds), '-f', script, '-M', 'prepared', 'cancuoc'],
    { env: { ...process.env, PGPASSWORD: password }, encoding: 'utf8' });
  if (pgbench.status !== 0) throw new Error(`pgbench failed: ${pgbench.stderr}`);
  const tps = Number(/tps = ([\d.]+)/.exec(pgbench.stdout)?.[1]);
  const lat = /latency average = ([\d.]+) ms/.exec(pgbench.stdout)?.[1];
  say(`pgbench select-only (same table, ${connections} clients, prepared): ${fmt(tps)} tps, latency average ${lat} ms`);
  say(`RESULT lookup: HTTP ${fmt(http.rate)} req/s = ${(100 * http.rate / tps).toFixed(0)} % of pgbench (target ≥ 30 %), p99 ${http.p99} ms (target < 20 ms); `
    + `the HTTP ceiling alone is ${(100 * ceiling.rate / tps).toFixed(0)} % of pgbench, ours ${(100 * http.rate / ceiling.rate).toFixed(0)} % of that ceiling`);
  await db.sql`drop table bench_ids`;
} finally {
  await db.close();
}

/** The answer's headers a server sets itself (not those of the connection or the framing). */
function servedHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of headers) if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)) out[k] = v;
  return out;
}

async function startCeiling(port: number, answerFile: string): Promise<Target & { stop(): Promise<void> }> {
  const server = await startServerProcess(['--import', 'tsx', path.join(import.meta.dirname, 'lib/http-ceiling.ts'), String(port), answerFile], { name: 'the HTTP ceiling server', ready: 'listening' });
  return { base: `http://127.0.0.1:${port}`, authorization: 'Bearer unused-by-the-ceiling-server', stop: server.stop };
}

interface HttpResult { tool: string; rate: number; p50: number; p99: number; non2xx: number; errors: number }
/** Where the load goes: a base URL and the Authorization header to send. */
interface Target { base: string; authorization: string }

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined;
}

/** wrk with a Lua script that walks the same ID list in the same order as the autocannon path. */
function runWrk(target: Target, ids: string[], seconds: number): HttpResult {
  const idsFile = path.join(args.data, 'lookup-ids.txt');
  const script = path.join(args.data, 'lookup.lua');
  writeFileSync(idsFile, ids.join('\n') + '\n');
  writeFileSync(script, [
    'local ids = {}',
    `for line in io.lines(${JSON.stringify(idsFile)}) do ids[#ids + 1] = line end`,
    'local k = 0',
    'request = function()',
    '  k = k + 1',
    `  return wrk.format("GET", "/api/v1/persons/" .. ids[(k * 7919) % #ids + 1], { ["authorization"] = ${JSON.stringify(target.authorization)} })`,
    'end',
  ].join('\n') + '\n', { mode: 0o600 });
  const r = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, target.base], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const ms = (label: string) => {
    const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(r.stdout);
    if (!m) throw new Error(`no ${label}% latency in wrk output: ${r.stdout}`);
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(r.stdout);
  return {
    tool: 'wrk', rate: Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]), p50: ms('50'), p99: ms('99'),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[1] ?? 0),
    errors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
  };
}

async function runAutocannon(target: Target, ids: string[], seconds: number): Promise<HttpResult> {
  let k = 0;
  const http = await autocannon({
    url: target.base,
    connections, duration: seconds,
    headers: { authorization: target.authorization },
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/v1/persons/${ids[(k++ * 7919) % ids.length]}` }) }],
  });
  return { tool: 'autocannon', rate: http.requests.average, p50: http.latency.p50, p99: http.latency.p99, non2xx: http.non2xx, errors: http.errors };
}
