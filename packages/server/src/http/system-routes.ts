// Routes that carry no personal data and answer without a login: health and the problem
// type documentation (RFC 9457 §3.1.1: the `type` URI should lead to human-readable docs).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses, problems, ProblemError, PROBLEM_BASE, type ProblemKind } from '../problems.ts';
import { StringEnum } from '../schema-primitives.ts';
import type { ModuleOptions } from '../services.ts';

/** An audit entry waiting longer than this for the tree is an alarm (issue: bounded delay). */
export const AUDIT_BACKLOG_ALARM_SECONDS = 5;

export const systemRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  app.get('/health', {
    config: { public: true },
    schema: {
      operationId: 'getHealth', tags: ['system'], summary: 'Liveness, database reachability and the audit log\'s sequencing backlog', security: [],
      description: 'status is "degraded" when an audit entry has waited more than 5 s for the Merkle tree (the sequencer is down or behind: docs/audit.md).',
      response: {
        200: Type.Object({
          status: StringEnum(['ok', 'degraded']), database: Type.Literal('ok'), time: Type.String({ format: 'date-time' }),
          audit: Type.Object({
            queued: Type.Integer({ description: 'entries committed but not yet in the Merkle tree' }),
            oldestQueuedSeconds: Type.Number({ description: 'how long the oldest of them has waited' }),
            treeSize: Type.Integer({ description: 'leaves in the tree at the latest signed tree head' }),
            alarm: Type.Boolean({ description: 'true when oldestQueuedSeconds exceeds 5' }),
          }),
        }),
      },
    },
  }, async () => {
    let rows: { queued: number; oldest: number; size: string | null }[];
    try {
      rows = await services.sql<{ queued: number; oldest: number; size: string | null }[]>`
        select (select count(*)::int from audit_unsequenced) as queued,
               coalesce(extract(epoch from clock_timestamp() - (select min(queued_at) from audit_unsequenced)), 0)::float8 as oldest,
               (select max(size)::text from audit_tree_head) as size`;
    } catch {
      throw new ProblemError('service-unavailable', 'the database does not answer');
    }
    const backlog = rows[0]!;
    const alarm = backlog.oldest > AUDIT_BACKLOG_ALARM_SECONDS;
    return {
      status: alarm ? 'degraded' as const : 'ok' as const, database: 'ok' as const, time: new Date().toISOString(),
      audit: { queued: backlog.queued, oldestQueuedSeconds: Math.round(backlog.oldest * 1000) / 1000, treeSize: Number(backlog.size ?? 0), alarm },
    };
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
