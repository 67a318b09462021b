// Officer accounts as an administrator and an attacker meet them: disabling ends every session at
// once, in this process and in another one serving the same database; a disabled officer cannot
// log in until enabled again; failed logins back off per account (known or not) beside the
// per-address limit; every attempt is audited.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { buildApp } from '../http/app.ts';
import { createServices } from '../services.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { testAuditLogKey } from '../testing/audit.ts';
import { FREE_FAILURES } from './login-throttle.ts';

let t: TestApp;
let admin: { id: string; authorization: string };
before(async () => {
  t = await createTestApp();
  admin = await t.officer('admin');
});
after(async () => { await t.close(); });

const me = (app: TestApp['app'], authorization: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } });
const login = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

test('disabling an officer ends their sessions at once, here and in another process; enabling lets them log in again', async () => {
  const clerk = await t.officer('central', undefined, 'clerk.one');
  // Another server process on the same database, which has already cached the token.
  const otherServices = createServices(t.db.sql, { idNumberKey: randomBytes(32), auditLogKey: testAuditLogKey });
  await otherServices.officers.listen();
  const other = await buildApp(otherServices);
  try {
    assert.equal((await me(t.app, clerk.authorization)).statusCode, 200);
    assert.equal((await me(other, clerk.authorization)).statusCode, 200);
    const off = await t.app.inject({ method: 'POST', url: `/api/v1/officers/${clerk.id}/disable`, headers: { authorization: admin.authorization } });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().active, false);
    assert.equal((await me(t.app, clerk.authorization)).statusCode, 401);
    // The other process hears of it through NOTIFY (delivered at commit); its cache may not serve the token.
    let status = 200;
    for (let i = 0; i < 100 && status === 200; i++) {
      status = (await me(other, clerk.authorization)).statusCode;
      if (status === 200) await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(status, 401);
    assert.equal((await login('clerk.one', 'correct horse battery staple')).statusCode, 401);
    const listed = await t.app.inject({ method: 'GET', url: '/api/v1/officers', headers: { authorization: admin.authorization } });
    assert.equal(listed.json().find((o: { username: string }) => o.username === 'clerk.one').active, false);
    const on = await t.app.inject({ method: 'POST', url: `/api/v1/officers/${clerk.id}/enable`, headers: { authorization: admin.authorization } });
    assert.equal(on.statusCode, 200);
    assert.equal((await login('clerk.one', 'correct horse battery staple')).statusCode, 200);
    // The old token stays revoked.
    assert.equal((await me(t.app, clerk.authorization)).statusCode, 401);
    const actions = await t.db.sql<{ action: string }[]>`select action from audit_log where details->>'officerId' = ${clerk.id} order by seq`;
    assert.deepEqual(actions.map((a) => a.action), ['officer.disable', 'officer.enable']);
  } finally {
    await other.close();
  }
});

test('an administrator cannot disable themselves; an unknown officer is 404', async () => {
  const self = await t.app.inject({ method: 'POST', url: `/api/v1/officers/${admin.id}/disable`, headers: { authorization: admin.authorization } });
  assert.equal(self.statusCode, 409);
  const none = await t.app.inject({ method: 'POST', url: '/api/v1/officers/00000000-0000-4000-8000-000000000000/disable', headers: { authorization: admin.authorization } });
  assert.equal(none.statusCode, 404);
});

test('failed logins back off per account, known or not, and every attempt is audited', async () => {
  const victim = await t.officer('central', undefined, 'victim.one');
  for (const username of ['victim.one', 'no.such.user']) {
    for (let i = 0; i < FREE_FAILURES; i++) assert.equal((await login(username, 'guess-number-' + i)).statusCode, 401, username);
    // Now even the right password waits: the account is throttled, whichever password comes.
    const throttled = await login(username, 'correct horse battery staple');
    assert.equal(throttled.statusCode, 429, username);
    assert.equal(throttled.json().type, '/api/v1/problems/login-throttled');
    assert.ok(Number(throttled.headers['retry-after']) >= 1);
  }
  // Once the wait is over (made to be over here), the right password works and clears the count.
  await t.db.sql`update login_failure set last_failure = now() - interval '1 hour' where username = 'victim.one'`;
  assert.equal((await login('victim.one', 'correct horse battery staple')).statusCode, 200);
  assert.equal((await t.db.sql`select 1 from login_failure where username = 'victim.one'`).length, 0);

  const audited = await t.db.sql<{ actor: string; action: string; outcome: string }[]>`
    select actor, action, details->>'outcome' as outcome from audit_log
    where details->>'username' in ('victim.one', 'no.such.user') order by seq`;
  const forVictim = audited.filter((a) => a.actor === `officer:${victim.id}`);
  assert.deepEqual(forVictim.map((a) => a.outcome), [...Array(FREE_FAILURES).fill('bad-credentials'), 'throttled', 'success']);
  assert.deepEqual(forVictim.map((a) => a.action).at(-1), 'officer.login');
  const unknown = audited.filter((a) => a.actor === 'login:no.such.user');
  assert.deepEqual(unknown.map((a) => a.action), [...Array(FREE_FAILURES + 1).fill('officer.login.failed')]);
});
