// The OpenAPI document as an outside consumer checks it: Redocly CLI's recommended rules report
// no error and no warning; every operation has a unique operationId; every error status is
// declared as application/problem+json; and the contract checker the end-to-end tests use
// (testing/contract.ts) does refuse what the document does not declare.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ContractChecker } from '../testing/contract.ts';
import { openApiDocument } from './openapi-document.ts';

const REDOCLY = path.resolve(import.meta.dirname, '../../../../node_modules/.bin/redocly');

type Doc = { paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { content?: Record<string, unknown> }> }>> };

test('Redocly\'s recommended rules find no error and no warning', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(await openApiDocument()));
    const out = await new Promise<string>((resolve, reject) => {
      execFile(REDOCLY, ['lint', '--extends', 'recommended', '--format', 'json', file], { cwd: dir, maxBuffer: 64 << 20 }, (err, stdout) => {
        if (stdout) resolve(stdout);
        else reject(err ?? new Error('redocly printed nothing'));
      });
    });
    const report = JSON.parse(out) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    assert.deepEqual(report.totals.errors + report.totals.warnings, 0, report.problems.map((p) => `${p.ruleId}: ${p.message}`).slice(0, 20).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every operation has a unique operationId and declares its errors as problem documents', async () => {
  const doc = await openApiDocument() as unknown as Doc;
  const ids: string[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.operationId, `${method} ${p} has an operationId`);
      ids.push(op.operationId);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        assert.deepEqual(Object.keys(response.content ?? {}), ['application/problem+json'], `${op.operationId} ${status}`);
      }
      assert.ok(op.responses['429'] && op.responses['500'], `${op.operationId} declares the rate limit and internal errors`);
    }
  }
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
});

test('the contract checker refuses an undeclared status, media type or body', async () => {
  const checker = new ContractChecker(await openApiDocument() as unknown as ConstructorParameters<typeof ContractChecker>[0]);
  const ok = { method: 'GET', url: '/api/v1/health', status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ status: 'ok', database: 'ok', time: new Date().toISOString(), audit: { queued: 0, oldestQueuedSeconds: 0, treeSize: 1, alarm: false } }) };
  checker.check(ok);
  assert.throws(() => checker.check({ ...ok, status: 418 }), /status 418 is not declared/);
  assert.throws(() => checker.check({ ...ok, contentType: 'text/html' }), /media type text\/html is not declared/);
  assert.throws(() => checker.check({ ...ok, body: JSON.stringify({ status: 'fine' }) }), /does not match the declared schema/);
  assert.throws(() => checker.check({ ...ok, body: JSON.stringify({ status: 'ok', database: 'ok', time: new Date().toISOString() }) }), /required property 'audit'/);
  assert.throws(() => checker.check({ ...ok, status: 500, contentType: 'application/json' }), /media type application\/json is not declared/);
  assert.throws(() => checker.check({ ...ok, url: '/api/v1/nowhere' }), /no operation/);
});
