// The audit log over HTTP (docs/audit.md). Entries and their inclusion proofs hold personal data
// (who read whom), so they are for auditors, central officers and administrators. The log's
// public face — its latest signed tree head, consistency proofs between tree heads, its verifier
// key — holds only hashes: anyone may fetch them without a login, as witnesses and courts watch a
// transparency log (RFC 9162 §8.2) without an account.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AUDIT_ROLES, requireRole } from '../auth/access.ts';
import { problemResponses, ProblemError } from '../problems.ts';
import { DateString, Nullable } from '../schema-primitives.ts';
import type { ModuleOptions } from '../services.ts';
import { consistencyProof, inclusionProof } from './proofs.ts';
import { latestTreeHead } from './tree-store.ts';
import { verifyAuditLog } from './verify.ts';

/** Sequence numbers are PostgreSQL bigints: at most 2^63 − 1 (19 digits). */
const MAX_SEQ = 9223372036854775807n;
const Seq = Type.String({ pattern: '^\\d{1,19}$', description: 'an entry\'s sequence number' });
/** Tree sizes are below 2^53 (packages/tlog keeps them exact as numbers). */
const TreeSize = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Hash = Type.String({ pattern: '^[0-9a-f]{64}$' });

const AuditEntrySchema = Type.Object({
  seq: Type.String({ description: 'the entry\'s number (a bigint, as a string)' }),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String({ description: 'officer:<uuid>, login:<username>, cli:<command> or system' }),
  actorUsername: Nullable(Type.String({ description: 'the username of an officer actor' })),
  action: Type.String({ description: 'e.g. person.read, person.birth, request.refused, officer.login.failed' }),
  subject: Nullable(Type.String({ description: 'personal ID number the entry is about' })),
  requestId: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  leafIndex: Nullable(Type.String({ description: 'position in the Merkle tree; null while the entry waits for the sequencer (under a second)' })),
});

const InclusionBundleSchema = Type.Object({
  leafIndex: TreeSize,
  entry: Type.String({ description: 'standard base64 of the exact bytes the leaf hashes: canonical JSON of [seq, at, actor, action, subject, requestId, details]' }),
  auditPath: Type.Array(Hash, { description: 'RFC 9162 §2.1.3.1 inclusion proof, nearest the leaf first' }),
  checkpoint: Type.String({ description: 'the signed tree head (C2SP checkpoint) the path leads to' }),
}, { additionalProperties: false, description: 'verify with `npx cancuoc-verify-proof --key <verifier key> bundle.json` (packages/tlog)' });

const ConsistencyBundleSchema = Type.Object({
  firstCheckpoint: Type.String(), secondCheckpoint: Type.String(),
  consistencyPath: Type.Array(Hash, { description: 'RFC 9162 §2.1.4.1 consistency proof' }),
}, { additionalProperties: false });

export const auditRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  const tags = ['audit'];

  app.get('/audit', {
    schema: {
      operationId: 'listAuditEntries', tags, summary: 'Audit entries, newest first (auditors, central officers, administrators)',
      querystring: Type.Object({
        subject: Type.Optional(Type.String({ pattern: '^\\d{12}$', description: 'personal ID number' })),
        actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        officer: Type.Optional(Type.String({ pattern: '^[a-z0-9._-]{3,64}$', description: 'only entries of the officer with this username' })),
        since: Type.Optional(DateString({ description: 'only entries on or after this day (Asia/Ho_Chi_Minh)' })),
        until: Type.Optional(DateString({ description: 'only entries on or before this day (Asia/Ho_Chi_Minh)' })),
        before: Type.Optional(Type.String({ pattern: '^\\d{1,19}$', description: 'only entries with seq below this (the next page)' })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AuditEntrySchema) }), ...problemResponses(403) },
    },
  }, async (request) => {
    requireRole(request.officer, AUDIT_ROLES);
    const q = request.query;
    const before = q.before === undefined ? undefined : BigInt(q.before) > MAX_SEQ ? MAX_SEQ.toString() : q.before;
    const sql = services.sql;
    // Officers are the auth module's: their usernames come through its service, not its table.
    const byUsername = q.officer ? await services.officers.byUsername(q.officer) : undefined;
    if (q.officer && !byUsername) return { items: [] };
    const actor = byUsername ? `officer:${byUsername.id}` : q.actor;
    const rows = await sql<{ seq: string; at: Date; actor: string; action: string; subject: string | null; requestId: string | null; details: Record<string, unknown>; leafIndex: string | null }[]>`
      select l.seq::text, l.at, l.actor, l.action, l.subject, l.request_id as "requestId", l.details, a.leaf_index::text as "leafIndex"
      from audit_log l left join audit_leaf a on a.seq = l.seq
      where true ${q.subject ? sql`and l.subject = ${q.subject}` : sql``}
        ${actor ? sql`and l.actor = ${actor}` : sql``} ${before ? sql`and l.seq < ${before}::bigint` : sql``}
        ${q.since ? sql`and l.at >= (${q.since}::date::timestamp at time zone 'Asia/Ho_Chi_Minh')` : sql``}
        ${q.until ? sql`and l.at < ((${q.until}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')` : sql``}
      order by l.seq desc limit ${q.limit}`;
    await services.audit.record({ actor: `officer:${request.officer.id}`, action: 'audit.read', requestId: request.id, details: { query: q } });
    const usernames = new Map((await services.officers.list()).map((o) => [`officer:${o.id}`, o.username]));
    return { items: rows.map((r) => ({ ...r, actorUsername: usernames.get(r.actor) ?? null, at: r.at.toISOString() })) };
  });

  app.get('/audit/entries/:seq/proof', {
    schema: {
      operationId: 'getAuditInclusionProof', tags, summary: 'Proof that an entry is in the log: the entry, its leaf index, the audit path and the signed tree head',
      description: 'A JSON bundle that the standalone verifier (packages/tlog, `cancuoc-verify-proof`) checks offline against the log\'s verifier key (GET /audit/log-key). 409 while the entry waits for the sequencer.',
      params: Type.Object({ seq: Seq }),
      querystring: Type.Object({
        treeSize: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'prove against the signed tree head of this size (one you kept) instead of the latest' })),
      }, { additionalProperties: false }),
      response: { 200: InclusionBundleSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => {
    requireRole(request.officer, AUDIT_ROLES);
    const bundle = await inclusionProof(services.sql, request.params.seq, request.query.treeSize);
    await services.audit.record({ actor: `officer:${request.officer.id}`, action: 'audit.proof', requestId: request.id, details: { seq: request.params.seq, leafIndex: bundle.leafIndex } });
    return { ...bundle, entry: bundle.entry! };
  });

  app.get('/audit/consistency', {
    config: { public: true },
    schema: {
      operationId: 'getAuditConsistencyProof', tags, security: [],
      summary: 'Proof that the signed tree of size `second` contains the signed tree of size `first` unchanged (no login)',
      querystring: Type.Object({ first: TreeSize, second: TreeSize }, { additionalProperties: false }),
      response: { 200: ConsistencyBundleSchema, ...problemResponses(404) },
    },
  }, async (request) => consistencyProof(services.sql, request.query.first, request.query.second));

  app.get('/audit/checkpoint', {
    config: { public: true },
    schema: {
      operationId: 'getAuditCheckpoint', tags, security: [], summary: 'The latest signed tree head of the audit log (no login)',
      response: {
        200: Type.Object({
          size: TreeSize, rootHash: Hash, signedAt: Type.String({ format: 'date-time' }),
          checkpoint: Type.String({ description: 'C2SP checkpoint: origin, size, base64 root, signing time, Ed25519 signature line' }),
        }),
        ...problemResponses(404),
      },
    },
  }, async () => {
    const head = await latestTreeHead(services.sql);
    if (!head) throw new ProblemError('not-found', 'the audit log has no signed tree head yet');
    return { size: head.size, rootHash: head.rootHash.toString('hex'), signedAt: head.signedAt.toISOString(), checkpoint: head.checkpoint };
  });

  app.get('/audit/log-key', {
    config: { public: true },
    schema: {
      operationId: 'getAuditLogKey', tags, security: [], summary: 'The keys that verify the audit log\'s tree heads (no login)',
      response: {
        200: Type.Object({
          origin: Type.String({ description: 'the log\'s name, the first line of its checkpoints' }),
          verifierKey: Type.String({ description: 'signed-note verifier key signing new tree heads: <origin>+<key id>+<base64>' }),
          verifierKeys: Type.Array(Type.String(), { description: 'every key the log has signed with, current first' }),
        }),
      },
    },
  }, async () => ({ origin: services.auditLogKey.origin, verifierKey: services.auditLogKey.verifierKey, verifierKeys: services.auditLogKey.verifierKeys }));

  app.get('/audit/verify', {
    schema: {
      operationId: 'verifyAuditLog', tags, summary: 'Recompute the log: chain, Merkle tree, tiles, signed tree heads (auditors, central officers, administrators)',
      response: {
        200: Type.Object({
          valid: Type.Boolean(), entries: Type.Integer(), treeSize: Type.Optional(Type.Integer()), treeHeads: Type.Optional(Type.Integer()),
          queued: Type.Optional(Type.Integer()), firstBadSeq: Type.Optional(Type.String()), reason: Type.Optional(Type.String()),
        }),
        ...problemResponses(403),
      },
    },
  }, async (request) => {
    requireRole(request.officer, AUDIT_ROLES);
    return verifyAuditLog(services.sql, services.auditLogKey.verifierKeys);
  });
};
