// LDS files, 9303-10: encode(...) → bytes and decode(bytes) → typed value, one file per EF.
export { LdsDecodeError, LdsEncodeError, LdsError } from './errors.ts';
export { LDS1_AID, LDS_FILES, dataGroupFile, dataGroupOfTag, ldsFileByFid, ldsFileByName } from './files.ts';
export type { LdsFileInfo } from './files.ts';
export { decodeCom, encodeCom } from './com.ts';
export type { EfCom } from './com.ts';
export { decodeDg1, encodeDg1 } from './dg1.ts';
export type { Dg1 } from './dg1.ts';
export { decodeDg2, encodeDg2 } from './dg2.ts';
export { decodeDg3, encodeDg3, fingerSubtype } from './dg3.ts';
export type { Dg3 } from './dg3.ts';
export { FINGER_COMPRESSION, FINGER_POSITIONS, decodeFingerRecord, encodeFingerRecord } from './finger-record.ts';
export type { FingerCompression, FingerImage, FingerImageInput } from './finger-record.ts';
export type { Dg2 } from './dg2.ts';
export { decodeFaceRecord, encodeFaceRecord } from './face-record.ts';
export type { FaceImage, FaceImageInput } from './face-record.ts';
export { imageMime, imageSize } from './image.ts';
export type { FaceImageMime } from './image.ts';
export { NO_EXPIRY_TEXT, decodeDg13, dg13FieldsFromPerson, encodeDg13 } from './dg13.ts';
export type { Dg13, Dg13Fields, VietnamPerson } from './dg13.ts';
export {
  OID as SECURITY_INFO_OID,
  decodeCardAccess,
  decodeDg14,
  decodeSecurityInfos,
  encodeCardAccess,
  encodeDg14,
  encodeSecurityInfos,
} from './security-infos.ts';
export type { SecurityInfo } from './security-infos.ts';
export { decodeDg15, encodeDg15 } from './dg15.ts';
export type { Dg15 } from './dg15.ts';
export { decodeSod, encodeSod, encodeSodWith } from './sod.ts';
export type { EncodeSodOptions, Sod } from './sod.ts';
export { OID_SECURITY_OBJECT, decodeCardSecurity, encodeCardSecurity, encodeCardSecurityWith } from './card-security.ts';
export type { CardSecurity } from './card-security.ts';
