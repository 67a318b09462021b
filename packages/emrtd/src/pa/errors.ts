import { EmrtdError } from '../errors.ts';

/**
 * Codes reported in a passive authentication result's `errors` (9303-11 §5.1). Each names one
 * failed check; a result may hold several.
 */
export const PA_ERROR_CODES = {
  SOD_DECODE: 'ERR_PA_SOD_DECODE',
  CONTENT_TYPE: 'ERR_PA_CONTENT_TYPE',
  MESSAGE_DIGEST: 'ERR_PA_MESSAGE_DIGEST',
  SIGNATURE: 'ERR_PA_SIGNATURE',
  SIGNER_NOT_FOUND: 'ERR_PA_SIGNER_NOT_FOUND',
  CSCA_NOT_FOUND: 'ERR_PA_CSCA_NOT_FOUND',
  CHAIN_SIGNATURE: 'ERR_PA_CHAIN_SIGNATURE',
  DS_NOT_VALID_AT: 'ERR_PA_DS_EXPIRED',
  CSCA_NOT_VALID_AT: 'ERR_PA_CSCA_EXPIRED',
  REVOKED: 'ERR_PA_REVOKED',
  CRL_INVALID: 'ERR_PA_CRL_INVALID',
  DG_MISMATCH: 'ERR_PA_DG_HASH_MISMATCH',
  DG_NOT_IN_SOD: 'ERR_PA_DG_NOT_IN_SOD',
  DG_REQUIRED: 'ERR_PA_DG_REQUIRED',
  UNSUPPORTED_ALGORITHM: 'ERR_PA_UNSUPPORTED_ALGORITHM',
} as const;

export type PaErrorCode = (typeof PA_ERROR_CODES)[keyof typeof PA_ERROR_CODES];

/** Thrown (not reported) when the inputs of passive authentication are unusable, e.g. a trust anchor file. */
export class PaInputError extends EmrtdError {
  override readonly code = 'ERR_PA_INPUT';
}
