// The caller of a write or read as the register's domain functions take it (service.ts Caller),
// built from an HTTP request: the officer, the request id, the idempotency key and the fingerprint
// of what the request asks for. Shared by every module whose routes call the register's writes.
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requestFingerprint } from './idempotency.ts';
import type { Caller } from './service.ts';

/** The headers of a write: an optional idempotency key. */
export const WriteHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({
    pattern: '^[A-Za-z0-9._:-]{8,100}$',
    description: 'retrying with the same key records the event once (default: the X-Request-Id)',
  })),
});

export function callerOf(request: FastifyRequest): Caller {
  const key = request.headers['idempotency-key'];
  return {
    officer: request.officer, requestId: request.id, idempotencyKey: typeof key === 'string' ? key : undefined, trail: request.auditTrail,
    fingerprint: request.method === 'GET' ? undefined
      : requestFingerprint({ method: request.method, route: request.routeOptions.url ?? request.url, params: request.params, body: request.body }),
  };
}
