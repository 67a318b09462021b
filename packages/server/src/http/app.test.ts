import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { buildApp } from './app.ts';

let t: TestApp;
before(async () => { t = await createTestApp(); });
after(async () => { await t.close(); });

describe('HTTP basics', () => {
  test('health answers without a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ok');
  });

  test('everything else needs a bearer token, as a problem document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/admin-units' });
    assert.equal(res.statusCode, 401);
    assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
    const body = res.json();
    assert.equal(body.type, '/api/v1/problems/unauthenticated');
    assert.equal(body.status, 401);
    assert.ok(body.detail);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/admin-units', headers: { authorization: 'Bearer not-a-real-token-at-all-xxxx' } });
    assert.equal(bad.statusCode, 401);
  });

  test('every answer carries its request id: the caller\'s when well-formed, else a new one', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-request-id': 'caller-req-0001' } });
    assert.equal(ok.headers['x-request-id'], 'caller-req-0001');
    const refused = await t.app.inject({ method: 'GET', url: '/api/v1/admin-units', headers: { 'x-request-id': 'caller-req-0002' } });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.headers['x-request-id'], 'caller-req-0002');
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/health', headers: { 'x-request-id': 'no spaces allowed' } });
    assert.match(bad.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
  });

  test('every answer carries the security headers and is not to be stored, refusals included', async () => {
    const admin = await t.officer('admin');
    const answers = [
      await t.app.inject({ method: 'GET', url: '/api/v1/health' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/admin-units?level=province', headers: { authorization: admin.authorization } }),
      await t.app.inject({ method: 'GET', url: '/api/v1/admin-units' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-route', headers: { authorization: admin.authorization } }),
    ];
    assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 401, 404]);
    for (const a of answers) {
      assert.equal(a.headers['x-content-type-options'], 'nosniff');
      assert.equal(a.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
      assert.equal(a.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(a.headers['referrer-policy'], 'no-referrer');
      assert.equal(a.headers['cross-origin-resource-policy'], 'same-origin');
      assert.equal(a.headers['cache-control'], 'no-store');
    }
  });

  test('a problem type URI documents itself', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/problems/outside-jurisdiction' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 403);
  });

  test('the OpenAPI document is served', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    const op = doc.paths['/api/v1/admin-units'].get;
    assert.equal(op.operationId, 'listAdminUnits');
    for (const status of ['400', '401', '429', '500']) {
      assert.ok(op.responses[status]?.content?.['application/problem+json'], `${status} is declared as application/problem+json`);
    }
  });

  test('malformed JSON is a 400 problem, not a crash', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().type, '/api/v1/problems/malformed-request');
  });
});

describe('protocol details', () => {
  test('headers too large (431) and a path parameter too long (414) are problem documents', async () => {
    const admin = await t.officer('admin');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as { port: number };
    const big = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { headers: { 'x-padding': 'x'.repeat(20_000) } });
    assert.equal(big.status, 431);
    assert.match(big.headers.get('content-type')!, /^application\/problem\+json/);
    assert.equal(((await big.json()) as { type: string }).type, '/api/v1/problems/header-fields-too-large');
    const long = await t.app.inject({ method: 'GET', url: `/api/v1/persons/${'1'.repeat(150)}`, headers: { authorization: admin.authorization } });
    assert.equal(long.statusCode, 414);
    assert.match(long.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(long.json().type, '/api/v1/problems/uri-too-long');
  });

  test('a text/plain body is 415; a JSON body is not coerced (an array is not a string)', async () => {
    const plain = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'username=admin' });
    assert.equal(plain.statusCode, 415);
    assert.equal(plain.json().type, '/api/v1/problems/unsupported-media-type');
    const array = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: ['admin'], password: 'x' } });
    assert.equal(array.statusCode, 400);
    assert.deepEqual(array.json().errors.map((e: { pointer: string }) => e.pointer), ['/body/username']);
    const number = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'someone', password: 12345678 } });
    assert.equal(number.statusCode, 400);
  });

  test('a wrong method on a resource is 405 with Allow; an unknown path 404', async () => {
    const admin = await t.officer('admin');
    const wrong = await t.app.inject({ method: 'DELETE', url: '/api/v1/persons/001090000001', headers: { authorization: admin.authorization } });
    assert.equal(wrong.statusCode, 405);
    assert.equal(wrong.headers.allow, 'GET, HEAD, PATCH');
    assert.equal(wrong.json().type, '/api/v1/problems/method-not-allowed');
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: { authorization: admin.authorization } });
    assert.equal(none.statusCode, 404);
  });

  test('NUL bytes, unpaired surrogates, broken percent-encoding and integer overflow are precise 400s', async () => {
    const admin = await t.officer('admin');
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: admin.authorization } });
    const cases: [string, string][] = [
      ['/api/v1/persons?name=Nguy%00en', '/querystring/name'],
      ['/api/v1/admin-units?name=H%00a', '/querystring/name'],
      ['/api/v1/audit?actor=officer%00x', '/querystring/actor'],
      ['/api/v1/admin-units?offset=9223372036854775808', '/querystring/offset'],
      ['/api/v1/admin-units?name=%ED%A0%80', '/querystring/name'],
    ];
    for (const [url, pointer] of cases) {
      const r = await get(url);
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.ok(r.json().errors.some((e: { pointer: string }) => e.pointer === pointer), `${url}: ${r.body}`);
    }
    // A sequence number past 2^63 is simply past every entry: an empty page, not a crash.
    const beyond = await get('/api/v1/audit?before=9999999999999999999');
    assert.equal(beyond.statusCode, 200);
    const body = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":"ab\\ud800c","password":"x"}', headers: { 'content-type': 'application/json' } });
    assert.equal(body.statusCode, 400);
    assert.match(body.json().detail, /unpaired UTF-16 surrogate/);
  });
});

describe('login and officers', () => {
  test('login with the right password gives a token; a wrong one a 401', async () => {
    const admin = await t.officer('admin', undefined, 'root-admin');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: admin.authorization } });
    assert.equal(me.json().username, 'root-admin');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'root-admin', password: 'nope' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().type, '/api/v1/problems/invalid-credentials');
    const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'root-admin', password: 'correct horse battery staple' } });
    assert.equal(right.statusCode, 200);
    assert.equal(right.json().tokenType, 'Bearer');
  });

  test('logout revokes the token', async () => {
    const o = await t.officer('central');
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: o.authorization } });
    assert.equal(out.statusCode, 204);
    const again = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: o.authorization } });
    assert.equal(again.statusCode, 401);
  });

  test('creating an officer validates every field and names the failing ones', async () => {
    const admin = await t.officer('admin');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/officers', headers: { authorization: admin.authorization },
      payload: { username: 'BAD NAME', displayName: '', role: 'king', password: 'short', extra: 1 } });
    assert.equal(res.statusCode, 400);
    const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer);
    for (const p of ['/body/username', '/body/displayName', '/body/role', '/body/password', '/body/extra']) {
      assert.ok(pointers.some((x: string) => x.startsWith(p)), `${p} reported in ${pointers.join(', ')}`);
    }
  });

  test('a commune officer needs a commune in force today; only admins create officers', async () => {
    const admin = await t.officer('admin');
    const old = await t.app.inject({ method: 'POST', url: '/api/v1/officers', headers: { authorization: admin.authorization },
      payload: { username: 'c-old', displayName: 'Old unit', role: 'commune', jurisdictionId: '1:00001', password: 'a-long-enough-password' } });
    assert.equal(old.statusCode, 400);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/officers', headers: { authorization: admin.authorization },
      payload: { username: 'c-badinh', displayName: 'Cán bộ Ba Đình', role: 'commune', jurisdictionId: '2:00004', password: 'a-long-enough-password' } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().jurisdiction.name, 'Phường Ba Đình');
    const central = await t.officer('central');
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/officers', headers: { authorization: central.authorization },
      payload: { username: 'c-x', displayName: 'x', role: 'central', password: 'a-long-enough-password' } });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().type, '/api/v1/problems/forbidden');
  });
});

describe('rate limit per client address', () => {
  test('beyond the configured requests per minute the answer is 429 rate-limited', async () => {
    const app = await buildApp(t.services, { rateLimitPerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 429]);
      const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      assert.equal(res.json().type, '/api/v1/problems/rate-limited');
      assert.match(res.json().detail, /rate limit of 3 requests per 1 minute exceeded/);
    } finally {
      await app.close();
    }
  });

  test('CANCUOC_RATE_LIMIT sets it; anything but a whole number ≥ 1 is refused', () => {
    const saved = process.env.CANCUOC_RATE_LIMIT;
    try {
      delete process.env.CANCUOC_RATE_LIMIT;
      assert.equal(loadConfig().rateLimitPerMinute, 60_000);
      process.env.CANCUOC_RATE_LIMIT = '250000';
      assert.equal(loadConfig().rateLimitPerMinute, 250_000);
      for (const bad of ['0', '-5', '1.5', 'lots']) {
        process.env.CANCUOC_RATE_LIMIT = bad;
        assert.throws(() => loadConfig(), /CANCUOC_RATE_LIMIT must be a whole number ≥ 1, got "/);
      }
    } finally {
      if (saved === undefined) delete process.env.CANCUOC_RATE_LIMIT;
      else process.env.CANCUOC_RATE_LIMIT = saved;
    }
  });
});
