import { EmrtdError } from '../errors.ts';

/** Base of LDS file errors (9303-10). */
export class LdsError extends EmrtdError {
  override readonly code: string = 'ERR_LDS';
}

/** A file's bytes are not the structure 9303-10 defines for it. `file` names the EF (`DG2`…). */
export class LdsDecodeError extends LdsError {
  override readonly code = 'ERR_LDS_DECODE';
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}

/** The values given to an encoder cannot be written (bad MRZ, unsupported image…). */
export class LdsEncodeError extends LdsError {
  override readonly code = 'ERR_LDS_ENCODE';
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}
