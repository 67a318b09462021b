// Typed errors of the key store, each with a stable `code` (jose style: one class, a code per
// failure, the PKCS#11 return value kept where the token gave one, e.g. CKR_PIN_INCORRECT).
export type KeyStoreErrorCode =
  | 'ERR_HSM_CONFIG'
  | 'ERR_HSM_MODULE'
  | 'ERR_HSM_TOKEN_NOT_FOUND'
  | 'ERR_HSM_LOGIN'
  | 'ERR_HSM_KEY_NOT_FOUND'
  | 'ERR_HSM_KEY_EXISTS'
  | 'ERR_HSM_UNSUPPORTED_CURVE'
  | 'ERR_HSM_SIGN'
  | 'ERR_HSM_CLOSED'
  | 'ERR_SIGNATURE_ENCODING';

export class KeyStoreError extends Error {
  readonly code: KeyStoreErrorCode;
  /** PKCS#11 return value name (CKR_…) when the token refused. */
  readonly ckr?: string;
  constructor(code: KeyStoreErrorCode, message: string, options: { cause?: unknown; ckr?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KeyStoreError';
    this.code = code;
    if (options.ckr) this.ckr = options.ckr;
  }
}

/** The CKR_… name in a pkcs11js error message, if any. */
export function ckrOf(err: unknown): string | undefined {
  const m = /\b(CKR_[A-Z_]+)\b/.exec(err instanceof Error ? err.message : String(err));
  return m?.[1];
}
