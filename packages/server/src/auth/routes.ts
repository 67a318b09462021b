// Login / logout / who am I, and officer management (administrators only).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Nullable, StringEnum } from '../http/schemas.ts';
import { ProblemError } from '../problems.ts';
import type { ModuleOptions } from '../services.ts';
import { requireRole } from './access.ts';

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
});

const Username = Type.String({ pattern: '^[a-z0-9._-]{3,64}$', description: 'lower-case letters, digits, . _ -' });

export const authRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  app.post('/auth/login', {
    config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'], summary: 'Exchange a username and password for a bearer token', security: [],
      body: Type.Object({ username: Username, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ accessToken: Type.String(), tokenType: Type.Literal('Bearer'), expiresIn: Type.Integer(), officer: OfficerSchema }) },
    },
  }, async (request) => {
    const { token, expiresIn, officer } = await services.officers.login(request.body.username, request.body.password);
    await services.audit.record({ actor: `officer:${officer.id}`, action: 'officer.login', requestId: request.id, details: { ip: request.ip } });
    return { accessToken: token, tokenType: 'Bearer' as const, expiresIn, officer };
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Revoke the current token' } }, async (request, reply) => {
    await services.officers.logout(request.bearerToken!);
    return reply.code(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The officer the token belongs to', response: { 200: OfficerSchema } } },
    async (request) => request.officer);

  app.get('/officers', { schema: { tags: ['auth'], summary: 'List officers (administrators)', response: { 200: Type.Array(OfficerSchema) } } },
    async (request) => {
      requireRole(request.officer, ['admin']);
      return services.officers.list();
    });

  app.post('/officers', {
    schema: {
      tags: ['auth'], summary: 'Create an officer (administrators)',
      body: Type.Object({
        username: Username,
        displayName: Type.String({ minLength: 1, maxLength: 200 }),
        role: RoleSchema,
        jurisdictionId: Type.Optional(Type.String({ pattern: '^2:\\d{2,5}$', description: 'generation-2 unit id, e.g. 2:01 or 2:00004' })),
        password: Type.String({ minLength: 12, maxLength: 200 }),
      }, { additionalProperties: false }),
      response: { 201: OfficerSchema },
    },
  }, async (request, reply) => {
    requireRole(request.officer, ['admin']);
    const officer = await services.officers.create(request.body);
    await services.audit.record({ actor: `officer:${request.officer.id}`, action: 'officer.create', requestId: request.id, details: { officerId: officer.id, username: officer.username, role: officer.role, jurisdictionId: officer.jurisdiction?.id ?? null } });
    return reply.code(201).send(officer);
  });

  app.get('/officers/:id', {
    schema: { tags: ['auth'], params: Type.Object({ id: Type.String({ format: 'uuid' }) }), response: { 200: OfficerSchema } },
  }, async (request) => {
    requireRole(request.officer, ['admin']);
    const officer = await services.officers.byId(request.params.id);
    if (!officer) throw new ProblemError('not-found', `no officer ${request.params.id}`);
    return officer;
  });
};
