// Test support for the audit log: one log key per test process (each test file runs in its own
// process with its own database), the sequencer run to the end of the queue, and verification.
import { ephemeralAuditLogKey, type AuditLogKey } from '../audit/log-key.ts';
import { AuditSequencer } from '../audit/sequencer.ts';
import { verifyAuditLog, type AuditVerification } from '../audit/verify.ts';
import type { Sql } from '../db/connect.ts';

export const testAuditLogKey: AuditLogKey = ephemeralAuditLogKey('cancuoc-test/audit');

/** Puts every queued entry into the tree (what the running sequencer does every 200 ms). */
export async function sequenceAll(sql: Sql): Promise<number> {
  const sequencer = new AuditSequencer(sql, testAuditLogKey);
  try {
    return await sequencer.sequenceAll();
  } finally {
    await sequencer.stop();
  }
}

/** Sequences what is queued, then verifies the whole log as `cancuoc audit verify` does. */
export async function verifyLog(sql: Sql): Promise<AuditVerification> {
  await sequenceAll(sql);
  return verifyAuditLog(sql, testAuditLogKey.verifierKeys);
}
