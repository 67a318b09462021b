// Assembles the HTTP API: Fastify with TypeBox schemas (validation, serialisation and the
// OpenAPI document all come from the same schemas), security headers, rate limits,
// authentication, problem+json errors, and each domain module's routes as its own plugin.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { adminUnitRoutes } from '../admin-units/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { authRoutes } from '../auth/routes.ts';
import type { Services } from '../services.ts';
import { installAuthentication } from './auth-hook.ts';
import { installErrorHandling } from './errors.ts';
import { ProblemSchema } from './schemas.ts';
import { systemRoutes } from './system-routes.ts';
import { consoleConfigRoutes, isProduction, type ConsoleSettings } from './console-config.ts';
import { webConsole } from './web-console.ts';
import { registerModuleRoutes } from './modules.ts';
import { NO_STORE, SECURITY_HEADERS } from './security-headers.ts';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Requests per minute per client address (login has its own, stricter limit). */
  rateLimitPerMinute?: number;
  /** What the web console is told before sign-in (default: production per NODE_ENV, no hint). */
  console?: ConsoleSettings;
  /** Directory of the built web console to serve at `/` (none: the API only). */
  webRoot?: string;
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{8,100}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 8 * 1024 * 1024,
    // allowUnionTypes: nullable values are type lists (http/schemas.ts Nullable).
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true, allowUnionTypes: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandling(app);
  // Every route documents and serialises its errors as problem documents (RFC 9457).
  app.addSchema(ProblemSchema);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) return;
    const schema = (route.schema ??= {}) as { response?: Record<string, unknown> };
    schema.response ??= {};
    for (const range of ['4XX', '5XX']) schema.response[range] ??= { $ref: 'Problem#', description: 'problem document (docs/problems.md)' };
  });
  app.addHook('onSend', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', NO_STORE);
    reply.header('x-request-id', request.id);
  });
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? 60_000,
    timeWindow: '1 minute',
    errorResponseBuilder: (_req, ctx) => Object.assign(new Error(`rate limit of ${ctx.max} requests per ${ctx.after} exceeded`), { statusCode: 429 }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'cancuoc API', version: '1', description: 'National population register, chip identity cards, e-ID and data sharing. Errors are RFC 9457 problem documents.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  installAuthentication(app, services.officers);
  await app.register(systemRoutes, { prefix: '/api/v1', services });
  await app.register(authRoutes, { prefix: '/api/v1', services });
  await app.register(adminUnitRoutes, { prefix: '/api/v1', services });
  await app.register(auditRoutes, { prefix: '/api/v1', services });
  await app.register(consoleConfigRoutes, { prefix: '/api/v1', settings: options.console ?? { production: isProduction(), signInHint: null } });
  await registerModuleRoutes(app, services);
  if (options.webRoot) await app.register(webConsole, { root: options.webRoot });
  return app;
}
