// Proofs that anyone can check without trusting the server (RFC 9162 §2.1.3, §2.1.4): that an
// entry is in the log (inclusion), and that a later tree contains an earlier one unchanged
// (consistency). Each is a JSON bundle of packages/tlog (README "Proof bundles") that the
// standalone verifier `cancuoc-verify-proof` checks against the log's published verifier key.
import {
  consistencyBundle, inclusionBundle, planConsistencyProof, planInclusionProof, runPlan,
  type ConsistencyBundle, type InclusionBundle,
} from '@cancuoc/tlog';
import type { Sql } from '../db/connect.ts';
import { ProblemError } from '../problems.ts';
import { entryBody } from './chain.ts';
import { latestTreeHead, TILE_HEIGHT, tileReader, treeHeadOfSize } from './tree-store.ts';

/** The proof that audit entry `seq` is in the log: against the latest signed tree head, or the one of `treeSize`. */
export async function inclusionProof(sql: Sql, seq: string, treeSize?: number): Promise<InclusionBundle> {
  const [row] = await sql<{ leaf_index: string | null; queued: boolean; at: Date; actor: string; action: string; subject: string | null; request_id: string | null; details: Record<string, unknown> }[]>`
    select a.leaf_index::text, exists (select 1 from audit_unsequenced u where u.seq = l.seq) as queued,
           l.at, l.actor, l.action, l.subject, l.request_id, l.details
    from audit_log l left join audit_leaf a on a.seq = l.seq where l.seq = ${seq}::bigint`;
  if (!row) throw new ProblemError('not-found', `no audit entry ${seq}`);
  if (row.leaf_index === null) {
    if (row.queued) throw new ProblemError('audit-entry-not-sequenced', `audit entry ${seq} is committed and queued; the sequencer puts it into the tree within about a second: ask again`);
    throw new ProblemError('internal-error', `audit entry ${seq} is neither in the tree nor queued for it (run cancuoc audit verify)`);
  }
  const leafIndex = Number(row.leaf_index);
  const head = treeSize === undefined ? await latestTreeHead(sql) : await treeHeadOfSize(sql, treeSize);
  if (treeSize !== undefined && !head) throw new ProblemError('not-found', `no signed tree head of size ${treeSize}`);
  if (treeSize !== undefined && treeSize <= leafIndex) {
    throw new ProblemError('validation-error', `/querystring/treeSize: entry ${seq} is leaf ${leafIndex}, after the tree of size ${treeSize}`, { errors: [{ pointer: '/querystring/treeSize', message: 'the tree of that size does not contain the entry' }] });
  }
  if (!head || head.size <= leafIndex) throw new ProblemError('audit-entry-not-sequenced', `audit entry ${seq} is in the tree but no signed tree head covers it yet: ask again`);
  const auditPath = await runPlan(tileReader(sql), planInclusionProof(leafIndex, head.size, { tileHeight: TILE_HEIGHT }));
  const entry = Buffer.from(entryBody({ seq: BigInt(seq), at: row.at, actor: row.actor, action: row.action, subject: row.subject, requestId: row.request_id, details: row.details }), 'utf8');
  return inclusionBundle({ leafIndex, entry, auditPath, checkpoint: head.checkpoint });
}

/** The proof that the tree of size `second` extends the tree of size `first` (both signed). */
export async function consistencyProof(sql: Sql, first: number, second: number): Promise<ConsistencyBundle> {
  if (first > second) {
    throw new ProblemError('validation-error', `/querystring/first (${first}) must not exceed /querystring/second (${second})`,
      { errors: [{ pointer: '/querystring/first', message: 'must not exceed second' }] });
  }
  const [a, b] = await Promise.all([treeHeadOfSize(sql, first), treeHeadOfSize(sql, second)]);
  if (!a) throw new ProblemError('not-found', `no signed tree head of size ${first}`);
  if (!b) throw new ProblemError('not-found', `no signed tree head of size ${second}`);
  const path = await runPlan(tileReader(sql), planConsistencyProof(first, second, { tileHeight: TILE_HEIGHT }));
  return consistencyBundle({ firstCheckpoint: a.checkpoint, secondCheckpoint: b.checkpoint, consistencyPath: path });
}
