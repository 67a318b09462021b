// Proof bundles as the server returns them (README "Proof bundles"); verify-proof.ts verifies them.
import { TlogArgumentError } from './errors.ts';
import { HASH_SIZE } from './hash.ts';
import type { ConsistencyBundle, InclusionBundle } from './verify-proof.ts';

export type { ConsistencyBundle, InclusionBundle } from './verify-proof.ts';

const hexHashes = (hashes: readonly Uint8Array[]): string[] =>
  hashes.map((h) => {
    if (h.length !== HASH_SIZE) throw new TlogArgumentError(`a proof hash has ${HASH_SIZE} bytes, got ${h.length}`);
    return Buffer.from(h).toString('hex');
  });

/** The bundle of GET /api/v1/audit/entries/{id}/proof. Give `entry` (its exact leaf bytes) when the reader may see it. */
export function inclusionBundle(p: {
  leafIndex: number;
  entry?: Uint8Array;
  leafHash?: Uint8Array;
  auditPath: readonly Uint8Array[];
  checkpoint: string;
}): InclusionBundle {
  if (p.entry === undefined && p.leafHash === undefined) throw new TlogArgumentError('an inclusion bundle carries the entry or its leaf hash');
  return {
    leafIndex: p.leafIndex,
    ...(p.entry !== undefined && { entry: Buffer.from(p.entry).toString('base64') }),
    ...(p.leafHash !== undefined && { leafHash: hexHashes([p.leafHash])[0]! }),
    auditPath: hexHashes(p.auditPath),
    checkpoint: p.checkpoint,
  };
}

/** The bundle of GET /api/v1/audit/consistency?first=&second=. */
export function consistencyBundle(p: { firstCheckpoint: string; secondCheckpoint: string; consistencyPath: readonly Uint8Array[] }): ConsistencyBundle {
  return { firstCheckpoint: p.firstCheckpoint, secondCheckpoint: p.secondCheckpoint, consistencyPath: hexHashes(p.consistencyPath) };
}
