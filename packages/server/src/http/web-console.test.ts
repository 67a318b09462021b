// Serving the web console beside the API: hashed assets cached for a year, every non-API path
// answers the console's page (with its Content-Security-Policy), unknown API paths stay problem
// documents; and what the console is told before sign-in (a hint on development starts only).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createServices } from '../services.ts';
import { testAuditLogKey } from '../testing/audit.ts';
import { createTestDatabase, type TestDatabase } from '../testing/db.ts';
import { buildApp } from './app.ts';
import { consoleSettings } from './console-config.ts';
import { randomBytes } from 'node:crypto';

let db: TestDatabase;
let root: string;
before(async () => {
  db = await createTestDatabase();
  root = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-webroot-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-AbC123.js"></script>');
  writeFileSync(path.join(root, 'assets/index-AbC123.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'map-sources.txt'), 'sources');
});
after(async () => {
  await db.drop();
  rmSync(root, { recursive: true, force: true });
});

const app = (settings?: Parameters<typeof buildApp>[1]) => buildApp(createServices(db.sql, { idNumberKey: randomBytes(32), auditLogKey: testAuditLogKey }), settings);

test('the console at / and on its own paths; assets immutable; the API keeps its problems', async () => {
  const a = await app({ webRoot: root });
  try {
    for (const url of ['/', '/persons/001090000001', '/dashboards?x=1']) {
      const r = await a.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-type']), /text\/html/);
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
      assert.match(r.body, /id="root"/);
    }
    const js = await a.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['cache-control']), /max-age=31536000/);
    assert.match(String(js.headers['cache-control']), /immutable/);
    assert.equal((await a.inject({ method: 'GET', url: '/map-sources.txt' })).body, 'sources');
    const missingAsset = await a.inject({ method: 'GET', url: '/assets/nothing.js' });
    assert.equal(missingAsset.statusCode, 404);
    const traversal = await a.inject({ method: 'GET', url: '/assets/..%2f..%2fetc%2fpasswd' });
    assert.equal(traversal.statusCode, 404);
    for (const url of ['/api/v1/nothing', '/api']) {
      const r = await a.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 404, url);
      assert.match(String(r.headers['content-type']), /application\/problem\+json/);
    }
    // The API still needs its token; the console's pages do not.
    assert.equal((await a.inject({ method: 'GET', url: '/api/v1/persons/001090000001' })).statusCode, 401);
  } finally {
    await a.close();
  }
});

test('the sign-in hint: the bootstrap account on a development start, nothing in production', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-hint-'));
  try {
    writeFileSync(path.join(dir, 'bootstrap-admin.json'), JSON.stringify({ username: 'admin', password: 'secret-never-sent' }));
    const dev = consoleSettings({ dataDir: dir }, {});
    const prod = consoleSettings({ dataDir: dir }, { NODE_ENV: 'production' });
    for (const [settings, mode, hint] of [[dev, 'development', { username: 'admin', passwordFile: path.join(dir, 'bootstrap-admin.json') }], [prod, 'production', null]] as const) {
      const a = await app({ console: settings });
      try {
        const r = await a.inject({ method: 'GET', url: '/api/v1/console/config' });
        assert.equal(r.statusCode, 200);
        assert.deepEqual(r.json(), { mode, signInHint: hint });
        assert.doesNotMatch(r.body, /secret-never-sent/);
      } finally {
        await a.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
