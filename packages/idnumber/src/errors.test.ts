// The error catalogue: every error class has its own stable code, and docs/id-numbers.md lists
// exactly the codes the package can raise (the fastify `errors.test.js` idea).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as api from './index.ts';

const DOC = new URL('../../../docs/id-numbers.md', import.meta.url);

type ErrorClass = new (...args: never[]) => api.IdNumberError;

function errorClasses(): ErrorClass[] {
  const values: unknown[] = Object.values(api);
  return values.filter((v): v is ErrorClass => typeof v === 'function' && v.prototype instanceof api.IdNumberError);
}

describe('error catalogue', () => {
  const codes = errorClasses().map((C) => {
    const e = Reflect.construct(C, ['x', 'y']) as api.IdNumberError;
    assert.equal(e.name, C.name);
    return e.code;
  });

  it('gives each error class its own ERR_IDNUMBER_* code', () => {
    assert.ok(codes.length >= 15);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^ERR_IDNUMBER_[A-Z_]+$/);
  });

  it('matches the table in docs/id-numbers.md', () => {
    const documented = [...readFileSync(DOC, 'utf8').matchAll(/^\| `(ERR_IDNUMBER_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual([...documented].sort(), [...codes].sort());
  });
});
