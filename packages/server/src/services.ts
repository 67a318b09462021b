// The process-wide objects every module receives (no module opens its own connection).
import { AuditWriter } from './audit/log.ts';
import { OfficerService } from './auth/officers.ts';
import type { Sql } from './db/connect.ts';

export interface Services {
  sql: Sql;
  officers: OfficerService;
  /** Group-committing audit writer for reads; writes audit inside their own transaction. */
  audit: AuditWriter;
  /** Key of the ID-number permutation (keys/secrets.ts: permanent per deployment). */
  idNumberKey: Buffer;
}

export function createServices(sql: Sql, secrets: { idNumberKey: Buffer }): Services {
  return { sql, officers: new OfficerService(sql), audit: new AuditWriter(sql), idNumberKey: secrets.idNumberKey };
}

/** Options every route plugin receives. */
export interface ModuleOptions { services: Services }
