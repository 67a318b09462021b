// Every request is authenticated (DESIGN.md §5) except the few routes marked `config.public`
// (health, login, problem type documentation, the API description).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Officer, OfficerService } from '../auth/officers.ts';
import { ProblemError } from '../problems.ts';

declare module 'fastify' {
  interface FastifyRequest { officer: Officer; bearerToken?: string }
  interface FastifyContextConfig { public?: boolean }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(h);
  return m?.[1];
}

export function installAuthentication(app: FastifyInstance, officers: OfficerService): void {
  app.decorateRequest('officer', null as unknown as Officer);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public || request.url.startsWith('/api/docs')) return;
    const token = bearerToken(request);
    if (!token) {
      throw new ProblemError('unauthenticated', request.headers.authorization
        ? 'the Authorization header must be "Bearer <token>"'
        : 'send "Authorization: Bearer <token>"; get a token from POST /api/v1/auth/login');
    }
    const officer = await officers.authenticate(token);
    if (!officer) throw new ProblemError('unauthenticated', 'the token is unknown, expired or revoked; log in again');
    request.officer = officer;
    request.bearerToken = token;
  });
}
