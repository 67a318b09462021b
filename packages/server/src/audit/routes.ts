// Reading and verifying the audit log (auditors, central officers, administrators).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AUDIT_ROLES, requireRole } from '../auth/access.ts';
import { DateString } from '../http/schemas.ts';
import type { ModuleOptions } from '../services.ts';
import { verifyAuditChain } from './verify.ts';

export const auditRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  app.get('/audit', {
    schema: {
      tags: ['audit'], summary: 'Audit entries, newest first',
      querystring: Type.Object({
        subject: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'personal ID number' })),
        actor: Type.Optional(Type.String({ maxLength: 100 })),
        officer: Type.Optional(Type.String({ pattern: '^[a-z0-9._-]{3,64}$', description: 'only entries of the officer with this username' })),
        before: Type.Optional(Type.String({ pattern: '^\\d{1,19}$', description: 'only entries with seq below this' })),
        since: Type.Optional(DateString({ description: 'only entries on or after this day (Asia/Ho_Chi_Minh)' })),
        until: Type.Optional(DateString({ description: 'only entries on or before this day (Asia/Ho_Chi_Minh)' })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
      }, { additionalProperties: false }),
    },
  }, async (request) => {
    requireRole(request.officer, AUDIT_ROLES);
    const q = request.query;
    const sql = services.sql;
    const rows = await sql`
      select seq::text, at, actor, o.username as "actorUsername", action, subject, request_id as "requestId", details, encode(hash, 'hex') as hash
      from audit_log left join officer o on audit_log.actor = 'officer:' || o.id::text
      where true ${q.subject ? sql`and subject = ${q.subject}` : sql``}
        ${q.actor ? sql`and actor = ${q.actor}` : sql``} ${q.officer ? sql`and o.username = ${q.officer}` : sql``} ${q.before ? sql`and seq < ${q.before}::bigint` : sql``}
        ${q.since ? sql`and at >= (${q.since}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')` : sql``}
        ${q.until ? sql`and at < ((${q.until}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')` : sql``}
      order by audit_log.seq desc limit ${q.limit}`;
    await services.audit.record({ actor: `officer:${request.officer.id}`, action: 'audit.read', requestId: request.id, details: { query: q } });
    return { items: rows };
  });

  app.get('/audit/verify', {
    schema: {
      tags: ['audit'], summary: 'Re-compute the hash chain',
      response: { 200: Type.Object({ valid: Type.Boolean(), entries: Type.Integer(), firstBadSeq: Type.Optional(Type.String()), reason: Type.Optional(Type.String()) }) },
    },
  }, async (request) => {
    requireRole(request.officer, AUDIT_ROLES);
    return verifyAuditChain(services.sql);
  });
};
