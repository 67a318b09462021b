// The production stage's HTTP API under /api/v1 (docs/api.md "Cards: production"): batches,
// personalisation, quality control, shipping and receipt, and a card's face and chip for the
// officers who hand it over. Routes validate at the edge and call production-service.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponses } from '../problems.ts';
import { callerOf } from '../registry/caller.ts';
import type { ModuleOptions } from '../services.ts';
import {
  BatchDetailSchema, BatchesQuery, BatchListSchema, BatchParams, BatchSchema, CardParams, ChipSchema, CreateBatchBody, FaceQuery, PersonaliseBody,
  PersonaliseSchema, QcSchema,
} from './production-schemas.ts';
import { createBatch, getBatch, listBatches, personaliseBatch, qualityControl, readCardPart, receiveBatch, shipBatch } from './production-service.ts';

const binary = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

export const productionRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  const tags = ['cards'];

  app.post('/card-batches', {
    schema: {
      operationId: 'createCardBatch', tags, summary: 'A production batch of the approved applications of one receiving office',
      description: 'Takes up to `limit` approved applications of the office not yet in a batch, oldest first; they move to in_production. Card production centre (central officers, administrators).',
      body: CreateBatchBody,
      response: { 201: BatchSchema, ...problemResponses(403, 409, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await createBatch(services, callerOf(request), request.body)));

  app.get('/card-batches', {
    schema: {
      operationId: 'listCardBatches', tags, summary: 'Production batches, newest first',
      querystring: BatchesQuery,
      response: { 200: BatchListSchema, ...problemResponses(403) },
    },
  }, async (request) => listBatches(services, callerOf(request), request.query));

  app.get('/card-batches/:id', {
    schema: {
      operationId: 'getCardBatch', tags, summary: 'A production batch with its applications and their cards',
      params: BatchParams,
      response: { 200: BatchDetailSchema, ...problemResponses(403, 404) },
    },
  }, async (request) => getBatch(services, callerOf(request), request.params.id));

  app.post('/card-batches/:id/personalisation', {
    schema: {
      operationId: 'personaliseCardBatch', tags, summary: 'Personalise the batch: runs it, or resumes it after a crash or a failed quality control',
      description: 'Each application without a card (or whose card failed quality control, then destroyed) gets a card in a transaction of its own: a new card number, the chip with EF.SOD signed by the current Document Signer in the HSM, the signed QR and the card face. A re-run skips the cards already made.',
      params: BatchParams, body: PersonaliseBody,
      response: { 200: PersonaliseSchema, ...problemResponses(403, 404, 409, 503) },
    },
  }, async (request) => personaliseBatch(services, callerOf(request), request.params.id, { concurrency: request.body?.concurrency ?? 2 }));

  app.post('/card-batches/:id/quality-control', {
    schema: {
      operationId: 'qualityControlCardBatch', tags, summary: 'Re-read every personalised chip through the virtual chip over BAC and verify it',
      description: 'Passive authentication against our CSCA (ICAO 9303-11 §5.1), Chip and Active Authentication, and every file identical to what was written. Pass: quality_checked; fail: qc_failed, back to production (run the personalisation again). The batch is quality_checked when all its cards are.',
      params: BatchParams,
      response: { 200: QcSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => qualityControl(services, callerOf(request), request.params.id));

  app.post('/card-batches/:id/shipment', {
    schema: {
      operationId: 'shipCardBatch', tags, summary: 'Ship a quality-checked batch to its receiving office',
      params: BatchParams,
      response: { 200: BatchSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => shipBatch(services, callerOf(request), request.params.id));

  app.post('/card-batches/:id/receipt', {
    schema: {
      operationId: 'receiveCardBatch', tags, summary: 'The receiving office confirms the batch arrived: its cards are ready for hand-over',
      params: BatchParams,
      response: { 200: BatchSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => receiveBatch(services, callerOf(request), request.params.id));

  app.get('/cards/:cardNumber/face.png', {
    schema: {
      operationId: 'getCardFacePng', tags, summary: 'One side of the card face as PNG (audited)',
      params: CardParams, querystring: FaceQuery,
      response: { 200: binary('PNG, 300 dpi', 'image/png'), ...problemResponses(403, 404) },
    },
  }, async (request, reply) => {
    const row = await readCardPart(services, callerOf(request), request.params.cardNumber, 'face.png');
    return reply.type('image/png').header('cache-control', 'no-store').send((request.query.side === 'back' ? row.face_back : row.face_front) as unknown as string);
  });

  app.get('/cards/:cardNumber/face.pdf', {
    schema: {
      operationId: 'getCardFacePdf', tags, summary: 'The card face, front and back, as a two-page PDF (audited)',
      params: CardParams,
      response: { 200: binary('PDF', 'application/pdf'), ...problemResponses(403, 404) },
    },
  }, async (request, reply) => {
    const row = await readCardPart(services, callerOf(request), request.params.cardNumber, 'face.pdf');
    return reply.type('application/pdf').header('cache-control', 'no-store').send(row.face_pdf as unknown as string);
  });

  app.get('/cards/:cardNumber/chip', {
    schema: {
      operationId: 'getCardChip', tags, summary: 'The card\'s chip: its files, keys, MRZ and CAN, for the virtual chip (production centre only; audited)',
      params: CardParams,
      response: { 200: ChipSchema, ...problemResponses(403, 404) },
    },
  }, async (request, reply) => {
    const row = await readCardPart(services, callerOf(request), request.params.cardNumber, 'chip');
    reply.header('cache-control', 'no-store');
    return {
      cardNumber: row.card_number, status: row.status, mrz: row.mrz, can: row.can, files: row.files, chipKeys: { ca: row.ca_key_pem, aa: row.aa_key_pem },
      eac: row.eac_trust_points && row.eac_date ? { trustPoints: row.eac_trust_points, date: row.eac_date.toISOString() } : null,
    };
  });
};
