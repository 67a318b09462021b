/**
 * Errors of the tlog package. Every one is a `TlogError` with a stable `code`. Verification
 * failures (a proof, a note, a checkpoint, a bundle that does not hold) are thrown by
 * `verify-proof.ts` — the standalone verifier keeps its one class so it stays a single file — with
 * the codes in `VERIFICATION_CODES`; the classes below are the package's other failures.
 */
import { TlogError } from './verify-proof.ts';

export { TlogError };

/** Codes of `TlogError`s thrown by verification (README "Error codes" says when each is thrown). */
export const VERIFICATION_CODES = [
  'ERR_TLOG_PROOF_SIZE',
  'ERR_TLOG_PROOF_HASH_SIZE',
  'ERR_TLOG_PROOF_INDEX',
  'ERR_TLOG_PROOF_TOO_LONG',
  'ERR_TLOG_PROOF_TOO_SHORT',
  'ERR_TLOG_PROOF_ROOT_MISMATCH',
  'ERR_TLOG_PROOF_SIZES',
  'ERR_TLOG_PROOF_EMPTY',
  'ERR_TLOG_PROOF_NOT_EMPTY',
  'ERR_TLOG_PROOF_FIRST_ROOT_MISMATCH',
  'ERR_TLOG_PROOF_SECOND_ROOT_MISMATCH',
  'ERR_TLOG_PROOF_LEAF_HASH_MISMATCH',
  'ERR_TLOG_KEY_FORMAT',
  'ERR_TLOG_NOTE_FORMAT',
  'ERR_TLOG_NOTE_SIGNATURE',
  'ERR_TLOG_NOTE_UNSIGNED',
  'ERR_TLOG_CHECKPOINT_FORMAT',
  'ERR_TLOG_CHECKPOINT_ORIGIN',
  'ERR_TLOG_BUNDLE',
] as const;
export type VerificationCode = (typeof VERIFICATION_CODES)[number];

/** An argument outside its domain (a programming error of the caller, not bad data). */
export class TlogArgumentError extends TlogError {
  constructor(message: string) {
    super('ERR_TLOG_ARGUMENT', message);
  }
}

/**
 * Storage did not return a tile a computation needs, or returned it shorter than the tree size
 * implies: the tiles and the tree size in storage disagree (a lost write, or a size recorded
 * before its tiles).
 */
export class TileMissingError extends TlogError {
  readonly level: number;
  readonly index: number;
  readonly needWidth: number;
  readonly haveWidth: number;
  constructor(level: number, index: number, needWidth: number, haveWidth: number) {
    super(
      'ERR_TLOG_TILE_MISSING',
      haveWidth === 0
        ? `tile ${level}/${index} is missing from storage; ${needWidth} hashes of it are needed`
        : `tile ${level}/${index} holds ${haveWidth} hashes, ${needWidth} are needed`,
    );
    this.level = level;
    this.index = index;
    this.needWidth = needWidth;
    this.haveWidth = haveWidth;
  }
}

/**
 * The right-edge tile given to an append holds more hashes than the tree's size implies: storage
 * is ahead of the sequencer's state (two sequencers, or tiles written without their tree size).
 */
export class TileMismatchError extends TlogError {
  constructor(level: number, index: number, expectedWidth: number, actualWidth: number) {
    super(
      'ERR_TLOG_TILE_MISMATCH',
      `tile ${level}/${index} holds ${actualWidth} hashes where the tree size implies ${expectedWidth}: the stored tiles are ahead of the tree size`,
    );
  }
}
