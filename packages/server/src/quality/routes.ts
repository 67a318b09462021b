// The quality module's HTTP API under /api/v1 (docs/api.md "Data quality"): the rule catalogue,
// findings, the duplicate review queues and decisions, and the reports. Routes validate at the
// edge and call the domain functions; nothing here touches SQL.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses } from '../problems.ts';
import { callerOf, WriteHeaders } from '../registry/caller.ts';
import { checkIdNumber } from '../registry/service.ts';
import type { ModuleOptions } from '../services.ts';
import { decidePair, getPair, listPairs } from './review.ts';
import {
  DecisionBody, DecisionSchema, FindingsQuery, FindingsSchema, PairDetailSchema, PairsQuery, PairsSchema, RulesSchema, StatsQuery, StatsSchema,
} from './schemas.ts';
import { getStats, listFindings, ruleCatalogue } from './service.ts';

const PairParams = Type.Object({ id: Type.String({ pattern: '^\\d{1,18}$' }) });
const caller = callerOf;

export const qualityRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  const tags = ['quality'];

  app.get('/quality/rules', {
    schema: {
      operationId: 'listQualityRules', tags, summary: 'The data-quality rules: code, severity, category, message in Vietnamese and English',
      response: { 200: RulesSchema },
    },
  }, async () => ruleCatalogue());

  app.get('/quality/findings', {
    schema: {
      operationId: 'listQualityFindings', tags, summary: 'Findings of the latest quality run in your jurisdiction (audited per person named)',
      querystring: FindingsQuery,
      response: { 200: FindingsSchema, ...problemResponses(403) },
    },
  }, async (request) => listFindings(services, caller(request), request.query));

  app.get('/quality/pairs', {
    schema: {
      operationId: 'listDuplicatePairs', tags, summary: 'The review queue: open duplicate pairs whose two persons live in your jurisdiction (audited per person)',
      description: 'A pair belongs to the smallest jurisdiction holding both persons: a commune\'s queue, a province\'s, or the central one.',
      querystring: PairsQuery,
      response: { 200: PairsSchema, ...problemResponses(403) },
    },
  }, async (request) => listPairs(services, caller(request), request.query));

  app.get('/quality/pairs/:id', {
    schema: {
      operationId: 'getDuplicatePair', tags, summary: 'A duplicate pair: both records side by side, the score explained per field, the decisions (audited)',
      params: PairParams,
      response: { 200: PairDetailSchema, ...problemResponses(403, 404) },
    },
  }, async (request) => getPair(services, caller(request), request.params.id));

  app.post('/quality/pairs/:id/decision', {
    schema: {
      operationId: 'decideDuplicatePair', tags, summary: 'Confirm a pair (the records are merged) or reject it (never proposed again)',
      description: 'Both persons must live in your jurisdiction. A confirmed pair is merged into the survivor you name (GET /merges/{id}; a central officer can undo it).',
      params: PairParams, headers: WriteHeaders, body: DecisionBody,
      response: { 200: DecisionSchema, ...problemResponses(403, 404, 409) },
    },
  }, async (request) => {
    const body = request.body;
    if (body.survivorIdNumber) checkIdNumber(body.survivorIdNumber, '/body/survivorIdNumber');
    return decidePair(services, caller(request), request.params.id, body);
  });

  app.get('/stats/quality', {
    schema: {
      operationId: 'getQualityStats', tags, summary: 'Completeness, error rates and duplicates per province (either generation), commune or rule, over time',
      description: 'Counts only, for your jurisdiction: no person is named. `since` returns every run finished since that date.',
      querystring: StatsQuery,
      response: { 200: StatsSchema, ...problemResponses(403) },
    },
  }, async (request) => getStats(services, caller(request), request.query));
};
