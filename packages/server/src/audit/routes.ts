// Reading and verifying the audit log (auditors, central officers, administrators).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AUDIT_ROLES, requireRole } from '../auth/access.ts';
import { problemResponses } from '../problems.ts';
import { Nullable } from '../schema-primitives.ts';
import type { ModuleOptions } from '../services.ts';
import { verifyAuditChain } from './verify.ts';

/** Sequence numbers are PostgreSQL bigints: at most 2^63 − 1 (19 digits). */
const MAX_SEQ = 9223372036854775807n;

const AuditEntrySchema = Type.Object({
  seq: Type.String({ description: 'position in the log (a bigint, as a string)' }),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String({ description: 'officer:<uuid>, login:<username>, cli:<command> or system' }),
  action: Type.String({ description: 'e.g. person.read, person.birth, request.refused, officer.login.failed' }),
  subject: Nullable(Type.String({ description: 'personal ID number the entry is about' })),
  requestId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String({ description: 'the entry\'s hash in the log, hex' }),
});

export const auditRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  app.get('/audit', {
    schema: {
      operationId: 'listAuditEntries', tags: ['audit'], summary: 'Audit entries, newest first (auditors, central officers, administrators)',
      querystring: Type.Object({
        subject: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'personal ID number' })),
        actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        before: Type.Optional(Type.String({ pattern: '^\\d{1,19}$', description: 'only entries with seq below this' })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AuditEntrySchema) }), ...problemResponses(403) },
    },
  }, async (request) => {
    requireRole(request.officer, AUDIT_ROLES);
    const q = request.query;
    const before = q.before === undefined ? undefined : BigInt(q.before) > MAX_SEQ ? MAX_SEQ.toString() : q.before;
    const sql = services.sql;
    const rows = await sql`
      select seq::text, at, actor, action, subject, request_id as "requestId", details, encode(hash, 'hex') as hash
      from audit_log
      where true ${q.subject ? sql`and subject = ${q.subject}` : sql``}
        ${q.actor ? sql`and actor = ${q.actor}` : sql``} ${before ? sql`and seq < ${before}::bigint` : sql``}
      order by audit_log.seq desc limit ${q.limit}`;
    await services.audit.record({ actor: `officer:${request.officer.id}`, action: 'audit.read', requestId: request.id, details: { query: q } });
    return { items: rows.map((r) => ({ ...r, at: (r.at as Date).toISOString() })) as never };
  });

  app.get('/audit/verify', {
    schema: {
      operationId: 'verifyAuditLog', tags: ['audit'], summary: 'Re-compute the hash chain (auditors, central officers, administrators)',
      response: {
        200: Type.Object({ valid: Type.Boolean(), entries: Type.Integer(), firstBadSeq: Type.Optional(Type.String()), reason: Type.Optional(Type.String()) }),
        ...problemResponses(403),
      },
    },
  }, async (request) => {
    requireRole(request.officer, AUDIT_ROLES);
    return verifyAuditChain(services.sql);
  });
};
