import { EmrtdError } from '../errors.ts';

/** Base of PKI failures (9303-12). */
export class PkiError extends EmrtdError {
  override readonly code: string = 'ERR_PKI';
}

/** A certificate, CRL, key or master list could not be read. */
export class PkiDecodeError extends PkiError {
  override readonly code = 'ERR_PKI_DECODE';
}

/** Building a certificate, CRL or master list failed (bad options or key). */
export class PkiBuildError extends PkiError {
  override readonly code = 'ERR_PKI_BUILD';
}
