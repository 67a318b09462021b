// Schemas of the pki routes (TypeBox: validation, serialisation and OpenAPI from one source).
import Type from 'typebox';
import { Nullable, StringEnum } from '../schema-primitives.ts';
import { KEY_ROLES } from './policy.ts';

const Periods = {
  role: StringEnum(KEY_ROLES, { description: 'what the key signs: csca, document-signer (EF.SOD), master-list-signer, card-qr (COSE of the card face QR), document (JWS of signed documents), cvca (the root chips trust for Extended Access Control), document-verifier (certifies inspection systems that read fingerprints)' }),
  usageFrom: Type.String({ format: 'date-time', description: 'start of the private key usage period' }),
  usageUntil: Type.String({ format: 'date-time', description: 'end of the private key usage period: nothing is signed with the key after it' }),
  verifyUntil: Nullable(Type.String({ format: 'date-time', description: 'until when its signatures verify; null: for ever (cards that never expire)' })),
};

export const PublicJwkSchema = Type.Object({
  kty: Type.Literal('EC'),
  crv: StringEnum(['P-256', 'P-384', 'P-521']),
  x: Type.String(),
  y: Type.String(),
  kid: Type.String({ description: 'RFC 7638 thumbprint; the JWS `kid` header and the COSE `kid` (UTF-8) of the card QR' }),
  alg: StringEnum(['ES256', 'ES384', 'ES512']),
  use: Type.Literal('sig'),
  key_ops: Type.Array(Type.Literal('verify')),
  ...Periods,
}, { description: 'RFC 7517 JWK with the key\'s role and periods as extra members' });

export const CertificateEntrySchema = Type.Object({
  kid: Type.String(),
  curve: Type.String({ description: 'named curve of the key (brainpool curves have no JWK form)' }),
  certificate: Type.String({ contentEncoding: 'base64', description: 'X.509 DER, base64; the CSCA\'s is self-signed, the others are issued by a CSCA of this list' }),
  ...Periods,
});

export const CvCertificateEntrySchema = Type.Object({
  kid: Type.String(),
  curve: Type.String(),
  chr: Type.String({ description: 'certificate holder reference (TR-03110-3 A.6.1), e.g. VNCVCA00001; EF.CVCA on a chip names the CVCA it trusts' }),
  certificate: Type.String({ contentEncoding: 'base64', description: 'card-verifiable certificate (TR-03110-3 C.1), base64: the CVCA\'s self-signed, the Document Verifier\'s issued by the CVCA' }),
  linkCertificate: Type.Optional(Type.String({ contentEncoding: 'base64', description: 'a CVCA that replaced another: its key certified by the previous CVCA (TR-03110-3 §2.3)' })),
  ...Periods,
});

export const PublishedKeysSchema = Type.Object({
  keys: Type.Array(PublicJwkSchema, { description: 'JWK set (RFC 7517 §5): verify card QR codes and signed documents with it' }),
  certificates: Type.Array(CertificateEntrySchema, { description: 'CSCA, Document Signer and master list signer certificates (9303-12)' }),
  cvCertificates: Type.Array(CvCertificateEntrySchema, { description: 'Extended Access Control (9303-11 §7): the CVCA certificates our chips trust and the production centre\'s Document Verifier; a state or agency that reads fingerprints asks the CVCA for a Document Verifier certificate of its own' }),
});
