/**
 * ISO/IEC 7816-4 §5.6 status words an eMRTD chip answers, as named constants with their meaning
 * (9303-11 lists the ones used by BAC/PACE/SM; 6300 is what chips answer a failed BAC).
 */
export const SW = {
  SUCCESS: 0x9000,
  /** Warning: end of file reached before reading Ne bytes. */
  END_OF_FILE: 0x6282,
  /** Verification failed (no retry counter): wrong BAC/PACE key or authentication data. */
  AUTHENTICATION_FAILED: 0x6300,
  /** Execution error, state of non-volatile memory unchanged: the card failed internally (ISO/IEC 7816-4 §5.6). */
  EXECUTION_ERROR: 0x6400,
  WRONG_LENGTH: 0x6700,
  /** Secure messaging not supported / logical channel not supported. */
  CLA_FUNCTION_NOT_SUPPORTED: 0x6881,
  SECURE_MESSAGING_NOT_SUPPORTED: 0x6882,
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  AUTHENTICATION_METHOD_BLOCKED: 0x6983,
  REFERENCE_DATA_NOT_USABLE: 0x6984,
  CONDITIONS_OF_USE_NOT_SATISFIED: 0x6985,
  COMMAND_NOT_ALLOWED: 0x6986,
  /** Expected secure messaging data objects missing. */
  SM_DATA_OBJECTS_MISSING: 0x6987,
  /** Incorrect secure messaging data objects (wrong MAC). */
  SM_DATA_OBJECTS_INCORRECT: 0x6988,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  RECORD_NOT_FOUND: 0x6a83,
  INCORRECT_P1P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  /** Wrong parameters P1-P2: offset outside the EF. */
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

const MEANING: Record<number, string> = {
  0x9000: 'success',
  0x6282: 'end of file reached before Ne bytes',
  0x6300: 'authentication failed',
  0x6400: 'execution error (internal failure), state unchanged',
  0x6700: 'wrong length',
  0x6881: 'logical channel not supported',
  0x6882: 'secure messaging not supported',
  0x6982: 'security status not satisfied',
  0x6983: 'authentication method blocked',
  0x6984: 'reference data not usable',
  0x6985: 'conditions of use not satisfied',
  0x6986: 'command not allowed',
  0x6987: 'expected secure messaging data objects missing',
  0x6988: 'incorrect secure messaging data objects',
  0x6a80: 'incorrect parameters in the data field',
  0x6a81: 'function not supported',
  0x6a82: 'file not found',
  0x6a83: 'record not found',
  0x6a86: 'incorrect parameters P1-P2',
  0x6a88: 'referenced data not found',
  0x6b00: 'wrong parameters P1-P2 (offset outside the EF)',
  0x6d00: 'instruction not supported',
  0x6e00: 'class not supported',
  0x6f00: 'no precise diagnosis',
};

export function describeStatusWord(sw: number): string {
  const known = MEANING[sw];
  if (known) return known;
  if ((sw & 0xfff0) === 0x63c0) return `verification failed, ${sw & 0x0f} tries left`;
  if ((sw & 0xff00) === 0x6100) return `${sw & 0xff || 256} more bytes available`;
  if ((sw & 0xff00) === 0x6c00) return `wrong Le, exact length is ${sw & 0xff || 256}`;
  return 'unknown status';
}

export function isSuccess(sw: number): boolean {
  return sw === SW.SUCCESS;
}
