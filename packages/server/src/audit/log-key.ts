// The key that signs the audit log's tree heads: an Ed25519 signed-note key (c2sp.org/signed-note)
// whose name is the log's origin. Never in the repository (DESIGN.md §5): from the environment, or
// generated at first start into <dataDir>/keys/audit-log.key (mode 0600) beside its public
// verifier key, audit-log.vkey, which is what the log publishes (GET /api/v1/audit/log-key).
// `cancuoc audit rotate-key` replaces it; earlier verifier keys stay published, because the tree
// heads they signed stay valid evidence.
import { openNote, parseSignerKey, parseVerifierKey, signNote, generateNoteKey, type NoteSigner } from '@cancuoc/tlog';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface AuditLogKey {
  origin: string;
  signer: NoteSigner;
  /** The current verifier key, `<origin>+<key id>+<base64>`. */
  verifierKey: string;
  /** Every verifier key this log has signed with, the current one first. */
  verifierKeys: string[];
}

const KEY_ENV = 'CANCUOC_AUDIT_LOG_KEY';
const files = (dataDir: string) => {
  const dir = path.join(dataDir, 'keys');
  return { dir, key: path.join(dir, 'audit-log.key'), vkey: path.join(dir, 'audit-log.vkey'), retired: path.join(dir, 'audit-log.retired.vkeys') };
};

/** The log's origin: CANCUOC_AUDIT_LOG_ORIGIN, else `cancuoc/audit`. */
export const auditLogOrigin = () => process.env.CANCUOC_AUDIT_LOG_ORIGIN || 'cancuoc/audit';

export async function loadOrCreateAuditLogKey(dataDir: string, origin = auditLogOrigin()): Promise<AuditLogKey> {
  const f = files(dataDir);
  let signerKey = process.env[KEY_ENV];
  let verifierKey: string | undefined;
  if (!signerKey) {
    if (!existsSync(f.key)) {
      mkdirSync(f.dir, { recursive: true, mode: 0o700 });
      const k = generateNoteKey(origin);
      writeFileSync(f.key, k.signerKey + '\n', { mode: 0o600, flag: 'wx' });
      writeFileSync(f.vkey, k.verifierKey + '\n', { mode: 0o644 });
    }
    signerKey = readFileSync(f.key, 'utf8').trim();
    verifierKey = existsSync(f.vkey) ? readFileSync(f.vkey, 'utf8').trim() : undefined;
  } else {
    verifierKey = process.env.CANCUOC_AUDIT_LOG_VERIFIER_KEY;
  }
  const signer = parseSignerKey(signerKey);
  if (signer.name !== origin) {
    throw new Error(`the audit log key is named "${signer.name}" but the log's origin is "${origin}": set CANCUOC_AUDIT_LOG_ORIGIN=${signer.name}, or rotate the key (cancuoc audit rotate-key)`);
  }
  if (!verifierKey) throw new Error(`the audit log's verifier key is missing: give CANCUOC_AUDIT_LOG_VERIFIER_KEY with ${KEY_ENV}`);
  // The pair must belong together: a test note signed with one must open with the other.
  openNote(await signNote('cancuoc audit log key check\n', [signer]), [parseVerifierKey(verifierKey)]);
  const retired = existsSync(f.retired) ? readFileSync(f.retired, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : [];
  return { origin, signer, verifierKey, verifierKeys: [verifierKey, ...retired.filter((k) => k !== verifierKey)] };
}

/** Replaces the key with a new one of the same name; the old verifier key stays published. */
export function rotateAuditLogKey(dataDir: string, origin = auditLogOrigin()): { verifierKey: string; retired: string | undefined } {
  const f = files(dataDir);
  mkdirSync(f.dir, { recursive: true, mode: 0o700 });
  const old = existsSync(f.vkey) ? readFileSync(f.vkey, 'utf8').trim() : undefined;
  if (old) writeFileSync(f.retired, old + '\n', { flag: 'a', mode: 0o644 });
  const k = generateNoteKey(origin);
  writeFileSync(`${f.key}.new`, k.signerKey + '\n', { mode: 0o600 });
  writeFileSync(`${f.vkey}.new`, k.verifierKey + '\n', { mode: 0o644 });
  renameSync(`${f.key}.new`, f.key);
  renameSync(`${f.vkey}.new`, f.vkey);
  return { verifierKey: k.verifierKey, retired: old };
}

/** A key that lives only in memory (tests, and building the OpenAPI document without a platform). */
export function ephemeralAuditLogKey(origin: string): AuditLogKey {
  const k = generateNoteKey(origin);
  return { origin, signer: parseSignerKey(k.signerKey), verifierKey: k.verifierKey, verifierKeys: [k.verifierKey] };
}
