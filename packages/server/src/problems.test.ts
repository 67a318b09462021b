// The catalogue, docs/problems.md and the code stay in step (STYLE.md §3: fastify's errors test).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { problems } from './problems.ts';

const doc = readFileSync(new URL('../../../docs/problems.md', import.meta.url), 'utf8');
const documented = new Map([...doc.matchAll(/^\| `([a-z-]+)` \| (\d{3}) \| `(CC-[A-Z]+-\d{3})` \|/gm)].map((m) => [m[1]!, { status: Number(m[2]), code: m[3]! }]));

test('every problem type is documented with its status and code', () => {
  for (const [kind, p] of Object.entries(problems)) {
    assert.deepEqual(documented.get(kind), { status: p.status, code: p.code }, `docs/problems.md row for ${kind}`);
  }
});

test('docs/problems.md documents no problem type that is gone', () => {
  for (const kind of documented.keys()) assert.ok(Object.hasOwn(problems, kind), `${kind} is documented but not in src/problems.ts`);
});

test('codes are unique and statuses are HTTP error statuses', () => {
  const codes = Object.values(problems).map((p) => p.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const p of Object.values(problems)) assert.ok(p.status >= 400 && p.status < 600);
});
