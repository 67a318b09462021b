// The process-wide objects every module receives (no module opens its own connection).
import type { AuditLogKey } from './audit/log-key.ts';
import { AuditWriter } from './audit/log.ts';
import type { SignHook } from './keys/key-store.ts';
import { OfficerService } from './auth/officers.ts';
import type { Sql } from './db/connect.ts';
import type { HsmConfig } from './keys/hsm-config.ts';
import { PkiService, type PkiOptions } from './pki/service.ts';

export interface Services {
  sql: Sql;
  officers: OfficerService;
  /** Group-committing audit writer for reads; writes audit inside their own transaction. */
  audit: AuditWriter;
  /** The key that signs the audit log's tree heads, and the verifier keys it publishes. */
  auditLogKey: AuditLogKey;
  /** Key of the ID-number permutation (keys/secrets.ts: permanent per deployment). */
  idNumberKey: Buffer;
  /** Signing keys in the PKCS#11 token, certificates, master list, published keys. */
  pki: PkiService;
}

export interface ServiceOptions {
  /** The PKCS#11 token (keys/hsm-config.ts), or how to find it on first use; without it the pki answers key-store-unavailable. */
  hsm?: HsmConfig | (() => HsmConfig);
  pki?: Omit<PkiOptions, 'hsm'>;
  /** Listen for session revocations of other processes (auth/officers.ts); default true. */
  listen?: boolean;
}

export function createServices(sql: Sql, secrets: { idNumberKey: Buffer; auditLogKey: AuditLogKey }, options: ServiceOptions = {}): Services {
  const officers = new OfficerService(sql);
  // Session revocations from other processes (officers.ts); tokens are not cached until it listens.
  if (options.listen !== false) void officers.listen();
  const audit = new AuditWriter(sql);
  // Every signature a key of the token makes is in the audit log before it is used (keys/key-store.ts).
  const onSign: SignHook = (e) => audit.record({ actor: 'system:keys', action: 'key.sign', details: { key: e.keyLabel, purpose: e.purpose, hash: e.hash, digest: e.digest } });
  return {
    sql, officers, audit, auditLogKey: secrets.auditLogKey, idNumberKey: secrets.idNumberKey,
    pki: new PkiService(sql, { onSign, ...options.pki, ...(options.hsm ? { hsm: options.hsm } : {}) }),
  };
}

/** Options every route plugin receives. */
export interface ModuleOptions { services: Services }
