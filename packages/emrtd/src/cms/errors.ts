import { EmrtdError } from '../errors.ts';

/** Base of CMS / SOD / master list failures (RFC 5652, 9303-10 §4.6.2, 9303-12 §8). */
export class CmsError extends EmrtdError {
  override readonly code: string = 'ERR_CMS';
}

/** The bytes are not the CMS structure expected. `what` names it (`EF.SOD`, `master list`…). */
export class CmsDecodeError extends CmsError {
  override readonly code = 'ERR_CMS_DECODE';
}

/** An algorithm (digest, signature, curve) this package does not support. */
export class UnsupportedAlgorithmError extends CmsError {
  override readonly code = 'ERR_UNSUPPORTED_ALGORITHM';
}

/** Building a structure failed (bad key, certificate, options). */
export class CmsBuildError extends CmsError {
  override readonly code = 'ERR_CMS_BUILD';
}
