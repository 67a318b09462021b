// The ground of the server for secrets and signing keys: every module may import it; it
// imports no domain module.
export { idNumberKey, loadOrCreateKey } from './secrets.ts';
export { hsmConfig, softHsmFiles, SOFTHSM_LIBRARIES, type HsmConfig, type SoftHsmFiles } from './hsm-config.ts';
export { KeyStore, type KeyInfo, type SignEvent, type SignHook, type SignOptions, type TokenSigner } from './key-store.ts';
export { CURVES, curveByName, curveOfKey, type Curve, type CurveName, type HashName } from './curves.ts';
export { publicKeyInfo, type PublicKeyInfo } from './spki.ts';
export { rawToDer } from './ecdsa.ts';
export { keyId, publicJwk } from './jwk.ts';
export { signJws, verifyJws, type SignJwsOptions, type VerifiedJws } from './jws.ts';
export { KeyStoreError, type KeyStoreErrorCode } from './errors.ts';
