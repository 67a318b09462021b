// @cancuoc/tlog — a Merkle-tree transparency log in the model of RFC 9162 §2 and Trillian: hashing,
// incremental append by one sequencer, tile storage (C2SP tlog-tiles layout) behind a storage
// interface, inclusion and consistency proofs, checkpoints (C2SP tlog-checkpoint, signed-note),
// proof bundles and their standalone verifier. Pure: node:crypto only, no I/O of its own.
export { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash } from './hash.ts';
export {
  EMPTY_RANGE,
  appendLeaves,
  compactRange,
  compactRangeNodes,
  compactRangeRoot,
  subtreeNodes,
  type CompactRange,
  type NodeVisitor,
  type TreeNode,
} from './compact-range.ts';
export { consistencyRanges, inclusionRanges, type LeafRange } from './proof-shape.ts';
export {
  DEFAULT_TILE_HEIGHT,
  EMPTY_APPEND_STATE,
  appendBatch,
  edgeTileReads,
  nodeHashFromTiles,
  nodeLocation,
  planAppendState,
  planConsistencyProof,
  planInclusionProof,
  planRoot,
  runPlan,
  tileHeightOf,
  tileId,
  type AppendResult,
  type AppendState,
  type TileKey,
  type TileMap,
  type TileOptions,
  type TilePlan,
  type TileRead,
  type TileReader,
  type TileWrite,
} from './tiles.ts';
export { createMemoryTileStore, type MemoryTileStore } from './memory-store.ts';
export { referenceConsistencyProof, referenceInclusionProof, referenceRoot } from './reference.ts';
export {
  ed25519NoteSigner,
  generateNoteKey,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
  type NoteSigner,
  type NoteVerifier,
} from './note.ts';
export { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint, type CheckpointInput } from './checkpoint.ts';
export { consistencyBundle, inclusionBundle, type ConsistencyBundle, type InclusionBundle } from './bundle.ts';
export { verifyConsistency, verifyInclusion, verifyProofBundle } from './verify-proof.ts';
export { TileMismatchError, TileMissingError, TlogArgumentError, TlogError, VERIFICATION_CODES, type VerificationCode } from './errors.ts';
