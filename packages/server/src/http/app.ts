// Assembles the HTTP API: validation, problem+json errors, the OpenAPI document, security headers,
// rate limits, authentication, the refusal audit, and each domain module's routes as its own
// plugin. Each concern lives in its own file beside this one; this file only puts them together.
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { adminUnitRoutes } from '../admin-units/routes.ts';
import { auditRefusal } from '../audit/refusals.ts';
import { auditRoutes } from '../audit/routes.ts';
import { AuditTrail } from '../audit/trail.ts';
import { authRoutes } from '../auth/routes.ts';
import { ProblemSchema } from '../problems.ts';
import type { Services } from '../services.ts';
import { installAuthentication } from './auth-hook.ts';
import { installErrorHandling, problemServerOptions } from './errors.ts';
import { consoleConfigRoutes, isProduction, type ConsoleSettings } from './console-config.ts';
import { webConsole } from './web-console.ts';
import { registerModuleRoutes } from './modules.ts';
import { installOpenApi } from './openapi.ts';
import { NO_STORE, SECURITY_HEADERS } from './security-headers.ts';
import { systemRoutes } from './system-routes.ts';
import { installValidation } from './validation.ts';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Requests per minute per client address (login has its own, stricter limit). */
  rateLimitPerMinute?: number;
  /** Where clients reach this API (the OpenAPI document's `servers`). */
  publicUrl?: string;
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
    ...problemServerOptions(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Only JSON bodies: a text/plain body is 415, not a string handed to a JSON schema.
  app.removeContentTypeParser(['text/plain']);
  installValidation(app);
  installErrorHandling(app, (request, kind) => auditRefusal(services.audit, request, kind));
  app.addSchema(ProblemSchema);
  await installOpenApi(app, { publicUrl: options.publicUrl ?? 'http://127.0.0.1:8080' });
  app.decorateRequest('auditTrail', null as unknown as AuditTrail);
  app.addHook('onRequest', async (request) => { request.auditTrail = new AuditTrail(); });
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
