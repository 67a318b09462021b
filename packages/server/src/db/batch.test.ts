// KeyBatcher (db/batch.ts): which keys go together, how many batches run at once, and that a
// failed batch fails only its own callers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyBatcher } from './batch.ts';

/** A loader whose batches finish only when the test says so. */
function controlledLoader() {
  const calls: { keys: number[]; finish: (fail?: Error) => void }[] = [];
  const load = (keys: number[]) => new Promise<Map<number, string>>((resolve, reject) => {
    calls.push({ keys, finish: (fail) => (fail ? reject(fail) : resolve(new Map(keys.filter((k) => k >= 0).map((k) => [k, `v${k}`])))) });
  });
  return { calls, load };
}

const turn = () => new Promise((r) => setImmediate(r));

test('keys asked for in one event-loop turn go in one batch; duplicates share it; absent keys are undefined', async () => {
  const { calls, load } = controlledLoader();
  const b = new KeyBatcher(load);
  const asked = [b.get(1), b.get(2), b.get(1), b.get(-5)];
  await turn();
  assert.deepEqual(calls.map((c) => c.keys), [[1, 2, -5]]);
  calls[0]!.finish();
  assert.deepEqual(await Promise.all(asked), ['v1', 'v2', 'v1', undefined]);
});

test('no batch exceeds maxBatch', async () => {
  const { calls, load } = controlledLoader();
  const b = new KeyBatcher(load, { maxBatch: 3 });
  const asked = [1, 2, 3, 4, 5, 6, 7].map((k) => b.get(k));
  await turn();
  assert.deepEqual(calls.map((c) => c.keys), [[1, 2, 3], [4, 5, 6], [7]]);
  for (const c of calls) c.finish();
  assert.deepEqual(await Promise.all(asked), ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']);
});

test('with maxInFlight, keys asked for while batches run wait and then go together', async () => {
  const { calls, load } = controlledLoader();
  const b = new KeyBatcher(load, { maxInFlight: 1 });
  const first = b.get(1);
  await turn();
  const later = [b.get(2)];
  await turn();
  later.push(b.get(3));
  await turn();
  assert.deepEqual(calls.map((c) => c.keys), [[1]], 'nothing else starts while one batch runs');
  calls[0]!.finish();
  assert.equal(await first, 'v1');
  await turn();
  assert.deepEqual(calls.map((c) => c.keys), [[1], [2, 3]]);
  calls[1]!.finish();
  assert.deepEqual(await Promise.all(later), ['v2', 'v3']);
});

test('a failed batch rejects its own callers only, and the next batch still runs', async () => {
  const { calls, load } = controlledLoader();
  const b = new KeyBatcher(load, { maxInFlight: 1 });
  const failing = b.get(1);
  await turn();
  const next = b.get(2);
  await turn();
  calls[0]!.finish(new Error('connection lost'));
  await assert.rejects(failing, /connection lost/);
  await turn();
  calls[1]!.finish();
  assert.equal(await next, 'v2');
});

test('a loader that throws instead of rejecting fails its batch, not the batcher', async () => {
  let n = 0;
  const b = new KeyBatcher<number, number>(async (keys) => {
    if (n++ === 0) throw new Error('bad statement');
    return new Map(keys.map((k) => [k, k * 10]));
  }, { maxInFlight: 1 });
  await assert.rejects(b.get(1), /bad statement/);
  assert.equal(await b.get(2), 20);
  const sync = new KeyBatcher<number, number>(() => { throw new Error('thrown synchronously'); });
  await assert.rejects(sync.get(1), /thrown synchronously/);
});
