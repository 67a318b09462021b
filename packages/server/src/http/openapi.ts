// The OpenAPI 3.1 document, generated from the routes' TypeBox schemas (@fastify/swagger), so
// that it describes exactly what is served: every operation has an operationId (the web console
// generates its client from them), every status it can answer is declared with its media type,
// and errors are declared as what they are, `application/problem+json` (RFC 9457 §3).
// Redocly's recommended rules check the document in the tests (openapi.test.ts).
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { problemResponse } from '../problems.ts';

/** Tags group operations in the document; each needs a description (Redocly `tag-description`). */
export const TAGS = [
  { name: 'system', description: 'Health and the problem-type documentation; no login.' },
  { name: 'auth', description: 'Officer login, sessions and accounts.' },
  { name: 'admin-units', description: 'Administrative units of both generations (before and after 1 July 2025) and their succession.' },
  { name: 'register', description: 'The population register: births, persons, life events, households, history. Every read and write is authorised by role and jurisdiction and audited.' },
  { name: 'pki', description: 'Public keys and the CSCA master list, to verify our chips, card QR codes and signed documents offline; no login.' },
  { name: 'quality', description: 'Data quality ("đúng, đủ, sạch, sống"): rules and their findings, duplicate review and merges, reports per province and commune. Persons named in an answer are audited.' },
  { name: 'cards', description: 'Identity cards: applications, biometrics, automatic checks, approval, online appointments; production batches, personalisation, quality control, shipping; hand-over, loss, revocation, expiry; the public card status and signed revocation list (no login); progress statistics (docs/cards.md).' },
  { name: 'audit', description: 'The audit log of every access: a Merkle-tree transparency log with signed tree heads and inclusion and consistency proofs (docs/audit.md).' },
];

interface RouteSchema {
  operationId?: string;
  body?: unknown; querystring?: unknown; params?: unknown; headers?: unknown;
  response?: Record<string, unknown>;
}

/**
 * Statuses every route can answer besides its own: 400 when it takes any input (schema
 * validation), 401 unless public, 413/415 with a body, 414 with path parameters (their maximum
 * length), 429 (the rate limit), 500, and 503 when the database does not answer.
 */
function standardStatuses(route: RouteOptions, schema: RouteSchema): number[] {
  const statuses = [429, 500, 503];
  if (schema.body || schema.querystring || schema.params || schema.headers) statuses.push(400);
  if (!(route.config as { public?: boolean } | undefined)?.public) statuses.push(401);
  if (schema.body) statuses.push(413, 415);
  if (route.url.includes(':')) statuses.push(414);
  return statuses;
}

export async function installOpenApi(app: FastifyInstance, options: { publicUrl: string }): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || route.method === 'HEAD' || (Array.isArray(route.method) && route.method.includes('HEAD'))) return;
    const schema = (route.schema ??= {}) as RouteSchema & { hide?: boolean };
    // The web console's pages and assets (web-console.ts) are not operations of the API.
    if (schema.hide) return;
    if (!schema.operationId) throw new Error(`${String(route.method)} ${route.url} has no operationId: every operation needs one (http/openapi.ts)`);
    const response = (schema.response ??= {});
    for (const status of standardStatuses(route, schema)) response[status] ??= problemResponse(status);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'cancuoc API',
        version: '1',
        description: 'National population register, chip identity cards, e-ID and data sharing. Every request is authenticated with a bearer token (POST /api/v1/auth/login) except the few marked public; errors are RFC 9457 problem documents (docs/problems.md).',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: options.publicUrl, description: 'this deployment' }],
      tags: TAGS,
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'opaque token from POST /api/v1/auth/login' } } },
      security: [{ bearer: [] }],
    },
    // Shared schemas keep their $id as their component name (Problem), not def-0.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}
