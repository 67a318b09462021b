// Login / logout / who am I, and officer accounts (administrators only). Every login attempt,
// failed or not, is audited; disabling an officer ends their sessions at once (officers.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses, ProblemError } from '../problems.ts';
import { Nullable, StringEnum } from '../schema-primitives.ts';
import type { ModuleOptions } from '../services.ts';
import { requireRole } from './access.ts';
import type { LoginAttempt } from './officers.ts';

const RoleSchema = StringEnum(['admin', 'central', 'province', 'commune', 'auditor']);

export const OfficerSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  jurisdiction: Nullable(Type.Object({
    id: Type.String(), level: StringEnum(['province', 'commune']),
    name: Type.String(), provinceId: Nullable(Type.String()),
  })),
  active: Type.Boolean({ description: 'false once disabled: no login, no session' }),
});

const Username = Type.String({ pattern: '^[a-z0-9._-]{3,64}$', description: 'lower-case letters, digits, . _ -' });
const OfficerParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const authRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  const tags = ['auth'];
  const recordLogin = (ip: string, requestId: string) => async (a: LoginAttempt) => {
    await services.audit.record({
      actor: a.officerId ? `officer:${a.officerId}` : `login:${a.username}`,
      action: a.outcome === 'success' ? 'officer.login' : 'officer.login.failed',
      requestId, details: { username: a.username, ip, outcome: a.outcome },
    });
  };

  app.post('/auth/login', {
    config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      operationId: 'login', tags, summary: 'Exchange a username and password for a bearer token', security: [],
      description: 'Limited per client address (20 a minute) and per account: after 5 consecutive failures each attempt waits 2^(n−5) s (at most 15 min), answered 429 login-throttled with Retry-After. Every attempt is audited.',
      body: Type.Object({ username: Username, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ accessToken: Type.String(), tokenType: Type.Literal('Bearer'), expiresIn: Type.Integer({ description: 'seconds' }), officer: OfficerSchema }),
        ...problemResponses(401),
      },
    },
  }, async (request) => {
    const { token, expiresIn, officer } = await services.officers.login(request.body.username, request.body.password, recordLogin(request.ip, request.id));
    return { accessToken: token, tokenType: 'Bearer' as const, expiresIn, officer };
  });

  app.post('/auth/logout', {
    schema: { operationId: 'logout', tags, summary: 'Revoke the current token', response: { 204: Type.Null({ description: 'the token is revoked' }) } },
  }, async (request, reply) => {
    await services.officers.logout(request.bearerToken!);
    await services.audit.record({ actor: `officer:${request.officer.id}`, action: 'officer.logout', requestId: request.id });
    return reply.code(204).send(null);
  });

  app.get('/auth/me', {
    schema: { operationId: 'getCurrentOfficer', tags, summary: 'The officer the token belongs to', response: { 200: OfficerSchema } },
  }, async (request) => request.officer);

  app.get('/officers', {
    schema: { operationId: 'listOfficers', tags, summary: 'List officers, disabled ones included (administrators)', response: { 200: Type.Array(OfficerSchema), ...problemResponses(403) } },
  }, async (request) => {
    requireRole(request.officer, ['admin']);
    return services.officers.list();
  });

  app.post('/officers', {
    schema: {
      operationId: 'createOfficer', tags, summary: 'Create an officer (administrators)',
      body: Type.Object({
        username: Username,
        displayName: Type.String({ minLength: 1, maxLength: 200 }),
        role: RoleSchema,
        jurisdictionId: Type.Optional(Type.String({ pattern: '^2:\\d{2,5}$', description: 'generation-2 unit id, e.g. 2:01 or 2:00004' })),
        password: Type.String({ minLength: 12, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: { 201: OfficerSchema, ...problemResponses(403, 409, 422) },
    },
  }, async (request, reply) => {
    requireRole(request.officer, ['admin']);
    const officer = await services.officers.create(request.body);
    await services.audit.record({ actor: `officer:${request.officer.id}`, action: 'officer.create', requestId: request.id, details: { officerId: officer.id, username: officer.username, role: officer.role, jurisdictionId: officer.jurisdiction?.id ?? null } });
    return reply.code(201).send(officer);
  });

  app.get('/officers/:id', {
    schema: { operationId: 'getOfficer', tags, summary: 'One officer (administrators)', params: OfficerParams, response: { 200: OfficerSchema, ...problemResponses(403, 404) } },
  }, async (request) => {
    requireRole(request.officer, ['admin']);
    const officer = await services.officers.byId(request.params.id);
    if (!officer) throw new ProblemError('not-found', `no officer ${request.params.id}`);
    return officer;
  });

  for (const [path, active, operationId, summary] of [
    ['disable', false, 'disableOfficer', 'Disable an officer: no more logins, every session ends at once (administrators)'],
    ['enable', true, 'enableOfficer', 'Re-enable a disabled officer; they log in again (administrators)'],
  ] as const) {
    app.post(`/officers/:id/${path}`, {
      schema: { operationId, tags, summary, params: OfficerParams, response: { 200: OfficerSchema, ...problemResponses(403, 404, 409) } },
    }, async (request) => {
      requireRole(request.officer, ['admin']);
      if (!active && request.params.id === request.officer.id) throw new ProblemError('conflict', 'an administrator cannot disable their own account');
      const officer = await services.officers.setActive(request.params.id, active);
      if (!officer) throw new ProblemError('not-found', `no officer ${request.params.id}`);
      await services.audit.record({ actor: `officer:${request.officer.id}`, action: active ? 'officer.enable' : 'officer.disable', requestId: request.id, details: { officerId: officer.id, username: officer.username } });
      return officer;
    });
  }
};
