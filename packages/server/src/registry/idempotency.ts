// Idempotency keys bound to the request they were first used for. A retry of a write with the
// same key (the Idempotency-Key header, else the X-Request-Id) by the same officer asking the same
// thing is answered with what was recorded the first time; the same key with another request, or
// by another officer, is refused with 422 idempotency-key-reused — answering it with the first
// request's result would tell a client its second, different write succeeded when it never ran
// (draft-ietf-httpapi-idempotency-key-header §2.7: "reuse of an idempotency key with a different
// request payload" is an error, 422).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/chain.ts';
import type { Tx } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';

/** What a write asks for: method, route, path parameters and body, canonically. */
export function requestFingerprint(r: { method: string; route: string; params: unknown; body: unknown }): Buffer {
  return createHash('sha256').update(canonicalJson([r.method, r.route, r.params ?? null, r.body ?? null])).digest();
}

/**
 * Records the key for this request, or checks that it was recorded for the same one. Runs under
 * the key's advisory lock (sql.ts lockRequestInTx) and inside the write's transaction: a write
 * that fails leaves the key unused.
 */
export async function claimIdempotencyKeyInTx(tx: Tx, key: string, caller: { officer: { id: string }; fingerprint?: Buffer }): Promise<void> {
  const fingerprint = caller.fingerprint ?? Buffer.alloc(32);
  const [prior] = await tx<{ officer_id: string; fingerprint: Buffer }[]>`
    select officer_id, fingerprint from idempotency_key where key = ${key}`;
  if (!prior) {
    await tx`insert into idempotency_key (key, officer_id, fingerprint) values (${key}, ${caller.officer.id}, ${fingerprint})`;
    return;
  }
  if (prior.officer_id !== caller.officer.id || !prior.fingerprint.equals(fingerprint)) {
    throw new ProblemError('idempotency-key-reused', `the key ${key} was already used for a different request; use a new Idempotency-Key (or X-Request-Id) for each distinct write`);
  }
}
