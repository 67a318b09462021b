// The application stage's HTTP API under /api/v1 (docs/cards.md "Applications and approval"):
// applications, their biometrics, checks and decisions; online appointments. Routes validate at
// the edge and call the domain functions; nothing here touches SQL.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { ProblemError, problemResponses } from '../problems.ts';
import { callerOf, WriteHeaders } from '../registry/caller.ts';
import { requestFingerprint } from '../registry/idempotency.ts';
import type { Caller } from '../registry/service.ts';
import type { ModuleOptions } from '../services.ts';
import {
  ApplicationBody, ApplicationParams, ApplicationSchema, ApplicationsQuery, ApplicationsSchema, AppointmentBody, AppointmentSchema,
  AvailabilityQuery, AvailabilitySchema, CancellationBody, CapacityBody, CapacityParams, CapacitySchema, ChecksSchema, DecisionBody,
  FingerprintsBody, RejectionBody,
} from './application-schemas.ts';
import {
  cancelApplication, checkApplication, createApplication, decideApplication, getApplication, listApplications, setFingerprints, setPhoto,
} from './application-service.ts';
import { availability, bookAppointment, setOfficeCapacity } from './appointments.ts';
import { PHOTO_MAX_BYTES } from './biometrics.ts';
import { oldIdConfirmationPdf, signedOldIdConfirmation } from './old-id-confirmation.ts';
import { checkIdNumber } from '../registry/service.ts';
import Type from 'typebox';
import { StringEnum } from '../schema-primitives.ts';

/**
 * The caller of a photo upload. callerOf() fingerprints the body through canonical JSON, which
 * walks a Buffer key by key: 3.9 s of blocked event loop for a 1 MiB photo (measured). The
 * idempotency fingerprint here is over the photo's SHA-256 instead: the same bytes, the same key.
 */
function photoCaller(request: FastifyRequest, photo: Buffer): Caller {
  const key = request.headers['idempotency-key'];
  return {
    officer: request.officer, requestId: request.id, idempotencyKey: typeof key === 'string' ? key : undefined, trail: request.auditTrail,
    fingerprint: requestFingerprint({
      method: request.method, route: request.routeOptions.url ?? request.url, params: request.params,
      body: { 'image/jpeg': createHash('sha256').update(photo).digest('hex') },
    }),
  };
}

export const applicationRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  const tags = ['cards'];
  // The photo is the body itself (no base64 in JSON): parsed as bytes in this plugin only. Twice
  // the photo limit, so that a photo just over it is refused as photo-too-large with its size.
  app.addContentTypeParser('image/jpeg', { parseAs: 'buffer', bodyLimit: 2 * PHOTO_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.post('/card-applications', {
    schema: {
      operationId: 'createCardApplication', tags, summary: 'Take an application for a card for a person of the register (thu nhận hồ sơ)',
      description: 'The receiving office is the officer\'s own unless receivingUnitId names one in their jurisdiction. Only what changed is declared; the rest is read from the register. One open application per person.',
      headers: WriteHeaders, body: ApplicationBody,
      response: { 201: ApplicationSchema, ...problemResponses(403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await createApplication(services, callerOf(request), request.body)));

  app.get('/card-applications', {
    schema: {
      operationId: 'listCardApplications', tags, summary: 'Applications received by the offices of your jurisdiction, newest first (audited per person)',
      querystring: ApplicationsQuery,
      response: { 200: ApplicationsSchema, ...problemResponses(400, 403, 422) },
    },
  }, async (request) => listApplications(services, callerOf(request), request.query));

  app.get('/card-applications/:id', {
    schema: {
      operationId: 'getCardApplication', tags, summary: 'An application with its biometrics metadata, last check and decision (audited)',
      params: ApplicationParams,
      response: { 200: ApplicationSchema, ...problemResponses(403, 404) },
    },
  }, async (request) => getApplication(services, callerOf(request), request.params.id));

  app.put('/card-applications/:id/photo', {
    schema: {
      operationId: 'putCardApplicationPhoto', tags, summary: 'Store the face photo (body: image/jpeg), checked for format, size, aspect and quality',
      description: `A JPEG (SOI and a frame header), at most ${PHOTO_MAX_BYTES} bytes, at least 480 × 640 px, a 3:4 portrait (± 5 %), not nearly uniform, not too dark or washed out. Each refusal has its own problem type.`,
      params: ApplicationParams, headers: WriteHeaders,
      response: { 200: ApplicationSchema, ...problemResponses(403, 404, 409, 413, 415, 422) },
    },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body)) throw new ProblemError('unsupported-media-type', 'send the photo itself as the body, Content-Type: image/jpeg');
    return setPhoto(services, photoCaller(request, request.body), request.params.id, request.body);
  });

  app.put('/card-applications/:id/fingerprints', {
    schema: {
      operationId: 'putCardApplicationFingerprints', tags, summary: 'Store the ten fingers (ISO/IEC 19794-4 positions): an image with its NFIQ 2 quality, or a missing reason',
      params: ApplicationParams, headers: WriteHeaders, body: FingerprintsBody,
      response: { 200: ApplicationSchema, ...problemResponses(403, 404, 409, 422) },
    },
  }, async (request) => setFingerprints(services, callerOf(request), request.params.id, request.body.fingers));

  app.post('/card-applications/:id/checks', {
    schema: {
      operationId: 'checkCardApplication', tags, summary: 'Run the automatic checks against the register (thẩm định); passing moves received → verified',
      params: ApplicationParams, headers: WriteHeaders,
      response: { 200: ChecksSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => checkApplication(services, callerOf(request), request.params.id));

  app.post('/card-applications/:id/approval', {
    schema: {
      operationId: 'approveCardApplication', tags, summary: 'Approve a verified application (province officer of its office\'s province, central, admin; never its own)',
      params: ApplicationParams, headers: WriteHeaders, body: DecisionBody,
      response: { 200: ApplicationSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => decideApplication(services, callerOf(request), request.params.id, 'approve', request.body.note ?? null));

  app.post('/card-applications/:id/rejection', {
    schema: {
      operationId: 'rejectCardApplication', tags, summary: 'Reject an application with the reason the citizen is told (same officers as approval)',
      params: ApplicationParams, headers: WriteHeaders, body: RejectionBody,
      response: { 200: ApplicationSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => decideApplication(services, callerOf(request), request.params.id, 'reject', request.body.reason));

  app.post('/card-applications/:id/cancellation', {
    schema: {
      operationId: 'cancelCardApplication', tags, summary: 'Cancel an application before production; an appointment\'s place is given back',
      params: ApplicationParams, headers: WriteHeaders, body: CancellationBody,
      response: { 200: ApplicationSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => cancelApplication(services, callerOf(request), request.params.id, request.body.reason));

  app.get('/card-appointments/availability', {
    config: { public: true },
    schema: {
      operationId: 'getCardAppointmentAvailability', tags, summary: 'Free appointment places of a police office per day (no login)',
      querystring: AvailabilityQuery,
      response: { 200: AvailabilitySchema, ...problemResponses(422) },
    },
  }, async (request) => availability(services, request.query));

  app.post('/card-appointments', {
    config: { public: true },
    schema: {
      operationId: 'bookCardAppointment', tags, summary: 'A citizen books a day at a police office: an online application (no login; identified by ID number, date of birth and name)',
      description: 'Until e-ID login, the citizen is identified by the ID number, date of birth and full name as the register holds them. A day that is full answers slot-full.',
      body: AppointmentBody,
      response: { 201: AppointmentSchema, ...problemResponses(409, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await bookAppointment(services, request.id, request.body)));

  app.put('/card-offices/:unitId/appointment-capacity', {
    schema: {
      operationId: 'setCardOfficeCapacity', tags, summary: 'Appointments a police office accepts per day (province officers of its province, central, admin)',
      params: CapacityParams, headers: WriteHeaders, body: CapacityBody,
      response: { 200: CapacitySchema, ...problemResponses(403, 422) },
    },
  }, async (request) => setOfficeCapacity(services, callerOf(request), request.params.unitId, request.body.perDay));
  app.get('/persons/:idNumber/old-id-confirmation/signed', {
    schema: {
      operationId: 'getSignedOldIdConfirmation', tags, summary: 'The old-ID confirmation signed with our document key: JWS for machines, PDF for people (audited)',
      description: 'format=jws: a compact JWS (ES256, typ old-id-confirmation+jwt, kid as published at GET /pki/keys). format=pdf: an A4 page with the statement, the same JWS as a QR code and as text, and attached.',
      params: Type.Object({ idNumber: Type.String({ pattern: '^\\d{12}$' }) }),
      querystring: Type.Object({ format: StringEnum(['jws', 'pdf'], { default: 'jws' }) }, { additionalProperties: false }),
      response: {
        200: {
          description: 'the signed confirmation',
          content: {
            'application/jose': { schema: { type: 'string', description: 'compact JWS (RFC 7515 §7.1)' } },
            'application/pdf': { schema: { type: 'string', format: 'binary' } },
          },
        },
        ...problemResponses(403, 404, 422, 503),
      },
    },
  }, async (request, reply) => {
    const { claims, jws } = await signedOldIdConfirmation(services, callerOf(request), checkIdNumber(request.params.idNumber));
    if (request.query.format === 'pdf') {
      const pdf = Buffer.from(await oldIdConfirmationPdf(claims, jws));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="xac-nhan-cmnd-${claims.oldIdNumber}.pdf"`).send(pdf as unknown as string);
    }
    return reply.type('application/jose').send(jws);
  });
};
