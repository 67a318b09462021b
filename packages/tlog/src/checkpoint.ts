// Signed tree heads as checkpoints (c2sp.org/tlog-checkpoint): the note text is the origin, the
// tree size and the base64 root hash, one per line, then optional extension lines; the log signs it
// as a signed note under a key named like the origin. Parsing and verifying live in
// verify-proof.ts (the standalone verifier) and are re-exported here.
import { TlogArgumentError } from './errors.ts';
import { HASH_SIZE } from './hash.ts';
import { signNote, type NoteSigner } from './note.ts';
import { parseCheckpoint, type Checkpoint } from './verify-proof.ts';

export { openCheckpoint, parseCheckpoint, type Checkpoint } from './verify-proof.ts';

export interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Extension lines (tlog-checkpoint: opaque, non-empty, NOT RECOMMENDED); e.g. the signing time. */
  readonly extensions?: readonly string[];
}

/** The note text of a checkpoint. */
export function formatCheckpoint(cp: CheckpointInput): string {
  const lines = [cp.origin, String(cp.size), Buffer.from(cp.rootHash).toString('base64'), ...(cp.extensions ?? [])];
  if (cp.rootHash.length !== HASH_SIZE) throw new TlogArgumentError(`a root hash has ${HASH_SIZE} bytes, got ${cp.rootHash.length}`);
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new TlogArgumentError(`tree size ${String(cp.size)} is not an integer from 0 to 2^53 - 1`);
  if (lines.some((l) => l === '' || l.includes('\n'))) throw new TlogArgumentError('the origin and extension lines are non-empty single lines');
  const text = `${lines.join('\n')}\n`;
  parseCheckpoint(text); // what we sign must be what every verifier parses back
  return text;
}

/** Formats and signs a checkpoint; the signer's name must be the origin. */
export async function signCheckpoint(cp: CheckpointInput, signer: NoteSigner): Promise<string> {
  if (signer.name !== cp.origin) throw new TlogArgumentError(`the log's key is named ${JSON.stringify(signer.name)}, its origin is ${JSON.stringify(cp.origin)}: they must be equal`);
  return signNote(formatCheckpoint(cp), [signer]);
}
