export { PaceError, PaceUnsupportedError } from './errors.ts';
export { paceOid, paceProtocol } from './oids.ts';
export type { PaceProtocol } from './oids.ts';
export { isSupportedPaceOffer, performPace } from './reader.ts';
export type { PaceOffer, PaceOptions, PaceResult, PaceSecret } from './reader.ts';
export { decryptChipAuthenticationData, encryptChipAuthenticationData, verifyChipAuthenticationMapping } from './cam.ts';
