// A quality run end to end: `cancuoc quality run` (the real command, on the test database) writes
// the findings and the report counts; officers read the findings of their jurisdiction (audited)
// and the reports per province of both generations, commune and rule, over time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BA_DINH, client, registered, THU_DAU_MOT } from '../registry/test-helpers.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { QualityRunBusyError, runQuality } from './run.ts';

let t: TestApp;
let c: ReturnType<typeof client>;
const auth: Record<string, string> = {};
let deadEarly: string;
let noNativePlace: string;
const BIN = path.resolve(import.meta.dirname, '../../bin/cancuoc.js');

function cancuoc(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: t.db.url, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let n = 0;
const born = (unitId: string, body: Record<string, unknown> = {}) => registered(t, auth.central!, {
  fullName: `Người Báo Cáo ${String.fromCharCode(65 + n++)}`, birthDate: '1980-01-01', birthRegistrationUnitId: unitId, nativePlace: 'Bình Dương', ...body,
});

before(async () => {
  t = await createTestApp();
  c = client(t);
  auth.central = (await t.officer('central')).authorization;
  auth.baDinh = (await t.officer('commune', BA_DINH)).authorization;
  auth.hcm = (await t.officer('province', '2:79')).authorization;
  for (let i = 0; i < 3; i++) await born(BA_DINH);
  deadEarly = await born(BA_DINH);
  // Data from an older system: a death before the birth (the register refuses it today).
  await t.db.sql`update person set death_date = '1970-01-01' where id_number = ${deadEarly}`;
  for (let i = 0; i < 2; i++) await born(THU_DAU_MOT);
  noNativePlace = await born(THU_DAU_MOT, { nativePlace: undefined });
});
after(async () => { await t.close(); });

test('cancuoc quality run writes the findings and the counts', async () => {
  const r = await cancuoc(['quality', 'run', '--no-progress']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.equal(summary.persons, 7);
  assert.equal(summary.findings['DQ-004'], 1);
  assert.equal(summary.findings['DQ-001'], 1);
  assert.ok(summary.duplicates.ranges >= 1);
  const rules = await cancuoc(['quality', 'rules']);
  assert.equal(rules.code, 0);
  assert.match(rules.stdout, /^DQ-004 +error +validity +death-before-birth$/m);
});

test('findings: each officer sees those of their jurisdiction, and every person named is audited', async () => {
  const commune = await c.get('/quality/findings?limit=100', auth.baDinh!);
  assert.equal(commune.status, 200, JSON.stringify(commune.body));
  const named = (commune.body.items as { person: { idNumber: string } | null; rule: { code: string } }[]).filter((i) => i.person);
  assert.ok(named.some((i) => i.person!.idNumber === deadEarly && i.rule.code === 'DQ-004'));
  assert.ok(!named.some((i) => i.person!.idNumber === noNativePlace));
  const audited = await t.db.sql<{ subject: string }[]>`
    select subject from audit_log where request_id = ${commune.headers['x-request-id'] as string} and action = 'quality.finding.read'`;
  assert.deepEqual(audited.map((a) => a.subject).sort(), [...new Set(named.map((i) => i.person!.idNumber))].sort());
  const byRule = await c.get('/quality/findings?rule=DQ-001', auth.hcm!);
  assert.deepEqual(byRule.body.items.map((i: { person: { idNumber: string } }) => i.person.idNumber), [noNativePlace]);
  assert.deepEqual((await c.get(`/quality/findings?province=2:01`, auth.hcm!)).body.items, []);
});

test('reports per province of today and of before 2025, per commune, per rule', async () => {
  const byProvince = await c.get('/stats/quality?groupBy=province', auth.central!);
  assert.equal(byProvince.status, 200, JSON.stringify(byProvince.body));
  const row = (id: string, rows: { unit: { id: string } | null }[]) => rows.find((r) => r.unit?.id === id) as unknown as Record<string, number>;
  const hanoi = row('2:01', byProvince.body.rows);
  assert.equal(hanoi.persons, 4);
  assert.equal(hanoi.errorRate, 0.25);
  assert.equal(hanoi.completeness, 1);
  const hcm = row('2:79', byProvince.body.rows);
  assert.equal(hcm.persons, 3);
  assert.equal(hcm.errorRate, 0);
  assert.equal(Math.round(hcm.completeness * 1e4), Math.round((2 / 3) * 1e4));
  // Before 2025 Thủ Dầu Một was in Bình Dương (74), Ba Đình in Hà Nội (01).
  const old = await c.get('/stats/quality?groupBy=old-province', auth.central!);
  assert.equal(row('1:01', old.body.rows).persons, 4);
  assert.equal(row('1:74', old.body.rows).persons, 3);
  // A province officer's report covers their province only; a commune officer's their commune.
  assert.deepEqual((await c.get('/stats/quality?groupBy=province', auth.hcm!)).body.rows.map((r: { unit: { id: string } }) => r.unit.id), ['2:79']);
  assert.deepEqual((await c.get('/stats/quality?groupBy=commune', auth.baDinh!)).body.rows.map((r: { unit: { id: string } }) => r.unit.id), [BA_DINH]);
  const rules = await c.get('/stats/quality?groupBy=rule', auth.central!);
  const dq4 = rules.body.rows.find((r: { rule: { code: string } }) => r.rule.code === 'DQ-004');
  assert.equal(dq4.affectedPersons, 1);
  assert.equal(dq4.persons, 7);
});

test('over time: every run since a date; a fixed record leaves the counts', async () => {
  await t.db.sql`update person set death_date = null where id_number = ${deadEarly}`;
  await runQuality(t.db.sql, { actor: 'test', checks: ['rules'] });
  const series = await c.get('/stats/quality?groupBy=province&rule=DQ-004&since=2000-01-01', auth.central!);
  assert.equal(series.status, 200, JSON.stringify(series.body));
  assert.equal(series.body.runs.length, 2);
  const hanoi = (series.body.rows as { runId: string; unit: { id: string }; affectedPersons: number }[]).filter((r) => r.unit.id === '2:01');
  assert.deepEqual(hanoi.map((r) => r.affectedPersons), [0, 1], 'newest run first');
  // Only the latest run's findings are kept.
  const [{ runs }] = await t.db.sql<{ runs: number }[]>`select count(distinct run_id)::int as runs from quality_finding`;
  assert.equal(runs, 1);
});

test('one run at a time', async () => {
  const holder = await t.db.sql.reserve();
  try {
    await holder`select pg_advisory_lock(${0x7175616c697479n.toString()}::bigint)`;
    await assert.rejects(runQuality(t.db.sql, { actor: 'test' }), QualityRunBusyError);
    await holder`select pg_advisory_unlock(${0x7175616c697479n.toString()}::bigint)`;
  } finally {
    holder.release();
  }
});
