// The process-wide objects every module receives (no module opens its own connection).
import type { AuditLogKey } from './audit/log-key.ts';
import { AuditWriter } from './audit/log.ts';
import { OfficerService } from './auth/officers.ts';
import type { Sql } from './db/connect.ts';

export interface Services {
  sql: Sql;
  officers: OfficerService;
  /** Group-committing audit writer for reads; writes audit inside their own transaction. */
  audit: AuditWriter;
  /** The key that signs the audit log's tree heads, and the verifier keys it publishes. */
  auditLogKey: AuditLogKey;
  /** Key of the ID-number permutation (src/keys.ts: permanent per deployment). */
  idNumberKey: Buffer;
}

export function createServices(sql: Sql, secrets: { idNumberKey: Buffer; auditLogKey: AuditLogKey }, options: { listen?: boolean } = {}): Services {
  const officers = new OfficerService(sql);
  // Session revocations from other processes (officers.ts); tokens are not cached until it listens.
  if (options.listen !== false) void officers.listen();
  return { sql, officers, audit: new AuditWriter(sql), auditLogKey: secrets.auditLogKey, idNumberKey: secrets.idNumberKey };
}

/** Options every route plugin receives. */
export interface ModuleOptions { services: Services }
