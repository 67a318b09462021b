import { EmrtdError } from '../errors.ts';

/** A cryptographic input was malformed (wrong key length, bad padding, unknown curve…). */
export class CryptoInputError extends EmrtdError {
  override readonly code: string = 'ERR_CRYPTO_INPUT';
}

/** ISO/IEC 9797-1 padding method 2 was missing or malformed when removing it. */
export class PaddingError extends EmrtdError {
  override readonly code: string = 'ERR_CRYPTO_PADDING';
}

/** An elliptic-curve point was not on the curve, or domain parameters are not supported. */
export class CurveError extends EmrtdError {
  override readonly code: string = 'ERR_CRYPTO_CURVE';
}
