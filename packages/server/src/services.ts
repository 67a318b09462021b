// The process-wide objects every module receives (no module opens its own connection).
import { AuditWriter } from './audit/log.ts';
import { OfficerService } from './auth/officers.ts';
import type { Sql } from './db/connect.ts';
import type { HsmConfig } from './keys/hsm-config.ts';
import { PkiService, type PkiOptions } from './pki/service.ts';

export interface Services {
  sql: Sql;
  officers: OfficerService;
  /** Group-committing audit writer for reads; writes audit inside their own transaction. */
  audit: AuditWriter;
  /** Key of the ID-number permutation (keys/secrets.ts: permanent per deployment). */
  idNumberKey: Buffer;
  /** Signing keys in the PKCS#11 token, certificates, master list, published keys. */
  pki: PkiService;
}

export interface ServiceOptions {
  /** The PKCS#11 token (keys/hsm-config.ts), or how to find it on first use; without it the pki answers key-store-unavailable. */
  hsm?: HsmConfig | (() => HsmConfig);
  pki?: Omit<PkiOptions, 'hsm'>;
}

export function createServices(sql: Sql, secrets: { idNumberKey: Buffer }, options: ServiceOptions = {}): Services {
  return {
    sql, officers: new OfficerService(sql), audit: new AuditWriter(sql), idNumberKey: secrets.idNumberKey,
    pki: new PkiService(sql, { ...options.pki, ...(options.hsm ? { hsm: options.hsm } : {}) }),
  };
}

/** Options every route plugin receives. */
export interface ModuleOptions { services: Services }
