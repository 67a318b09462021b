export { aesCbcDecrypt, aesCbcEncrypt, aesCmac, aesEcbEncrypt } from './aes.ts';
export { adjustDesParity, retailMac, tdesCbcDecrypt, tdesCbcEncrypt } from './des.ts';
export { bacKeySeed, deriveKey, KDF_ENC, KDF_MAC, KDF_PI, pacePassword } from './kdf.ts';
export type { CipherAlgorithm } from './kdf.ts';
export { pad as padIso9797, unpad as unpadIso9797 } from './padding.ts';
export { curveByName, curveByParameterId, curveByParameters, EC_STANDARD_PARAMETER_IDS } from './curves.ts';
export type { Curve, CurveParams } from './curves.ts';
export { CryptoInputError, CurveError, PaddingError } from './errors.ts';
