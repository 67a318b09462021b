// Public PKI endpoints (no login): what a relying party needs to verify our cards and documents
// offline — the CSCA master list for the chip (passive authentication), the JWK set for the card
// QR and for signed documents. Nothing personal is served here.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../problems.ts';
import type { ModuleOptions } from '../services.ts';
import { CERTIFIED_ROLES, CV_CERTIFIED_ROLES } from './policy.ts';
import { PublishedKeysSchema } from './schemas.ts';

/** Clients may cache: keys change at rotation, announced ahead by their usage periods. */
const PUBLIC_CACHE = 'public, max-age=300';

export const pkiRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  app.get('/pki/masterlist', {
    config: { public: true },
    schema: {
      operationId: 'getMasterList',
      tags: ['pki'],
      summary: 'Our CSCA master list',
      description: 'ICAO 9303-12 §8 master list: a CMS SignedData (eContentType id-icao-cscaMasterList) over our CSCA certificates, signed by a master list signer whose certificate a CSCA issued. Load it into any eMRTD reader (`cancuoc chip read --masterlist`) to verify our chips.',
      security: [],
      response: {
        200: {
          description: 'DER ContentInfo (the .ml file of the ICAO PKD)',
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        ...problemResponses(503),
      },
    },
  }, async (_request, reply) => {
    const ml = await services.pki.masterList();
    return reply
      .type('application/octet-stream')
      .header('content-disposition', 'attachment; filename="cancuoc-masterlist.ml"')
      .header('cache-control', PUBLIC_CACHE)
      // The schema's binary string is sent as the bytes themselves (no serialiser runs on a Buffer).
      .send(ml as unknown as string);
  });

  app.get('/pki/keys', {
    config: { public: true },
    schema: {
      operationId: 'getPublishedKeys',
      tags: ['pki'],
      summary: 'Public keys to verify card QR codes and signed documents offline',
      description: 'A JWK set (`keys`, RFC 7517 §5) with every key whose signatures must still verify — retired keys included — and the CSCA, Document Signer and master list signer certificates; the CVCA and Document Verifier card-verifiable certificates of Extended Access Control. `cancuoc card verify-qr --keys FILE` reads this document.',
      security: [],
      response: { 200: PublishedKeysSchema, ...problemResponses(503) },
    },
  }, async (_request, reply) => {
    const published = await services.pki.publishedKeys();
    reply.header('cache-control', PUBLIC_CACHE);
    const period = (k: (typeof published)[number]) => ({ role: k.role, usageFrom: k.usageFrom, usageUntil: k.usageUntil, verifyUntil: k.verifyUntil });
    return {
      keys: published.filter((k) => k.jwk).map((k) => ({ ...(k.jwk as never as object), ...period(k) }) as never),
      certificates: published.filter((k) => k.certificate && CERTIFIED_ROLES.includes(k.role)).map((k) => ({ kid: k.kid, curve: k.curve, certificate: k.certificate!, ...period(k) })),
      cvCertificates: published.filter((k) => k.certificate && CV_CERTIFIED_ROLES.includes(k.role)).map((k) => ({
        kid: k.kid, curve: k.curve, chr: k.chr!, certificate: k.certificate!, ...(k.linkCertificate ? { linkCertificate: k.linkCertificate } : {}), ...period(k),
      })),
    };
  });
};
