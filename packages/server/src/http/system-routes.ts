// Routes that carry no personal data and answer without a login: health and the problem
// type documentation (RFC 9457 §3.1.1: the `type` URI should lead to human-readable docs).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses, problems, ProblemError, PROBLEM_BASE, type ProblemKind } from '../problems.ts';
import type { ModuleOptions } from '../services.ts';

export const systemRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  app.get('/health', {
    config: { public: true },
    schema: {
      operationId: 'getHealth', tags: ['system'], summary: 'Liveness and database reachability', security: [],
      response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.Literal('ok'), time: Type.String({ format: 'date-time' }) }) },
    },
  }, async () => {
    try {
      await services.sql`select 1`;
    } catch {
      throw new ProblemError('service-unavailable', 'the database does not answer');
    }
    return { status: 'ok' as const, database: 'ok' as const, time: new Date().toISOString() };
  });

  app.get('/problems/:kind', {
    config: { public: true },
    schema: {
      operationId: 'getProblemType', tags: ['system'], summary: 'What a problem type means', security: [],
      params: Type.Object({ kind: Type.String({ maxLength: 64 }) }),
      response: {
        200: Type.Object({ type: Type.String(), status: Type.Integer(), title: Type.String(), code: Type.String() }),
        ...problemResponses(404),
      },
    },
  }, async (request) => {
    const kind = request.params.kind as ProblemKind;
    if (!Object.hasOwn(problems, kind)) throw new ProblemError('not-found', `no problem type ${kind}`);
    return { type: PROBLEM_BASE + kind, ...problems[kind] };
  });
};
