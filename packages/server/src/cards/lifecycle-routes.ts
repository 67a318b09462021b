// The hand-over and lifecycle stage's HTTP API under /api/v1 (docs/cards.md "Hand-over and
// lifecycle", "Card status for relying parties"). Three routes need no login — the one deliberate
// exception to "every request authenticated" (DESIGN.md §5) is what relying parties and citizens
// without an account call: the card status, the signed revocation list, and the citizen's own
// loss report; each is rate-limited per client address. Routes validate at the edge and call the
// domain functions; nothing here touches SQL.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { todayInVietnam, addDays } from '../calendar.ts';
import { problemResponses } from '../problems.ts';
import { callerOf, WriteHeaders } from '../registry/caller.ts';
import { IdNumberParams } from '../registry/schemas.ts';
import { checkIdNumber, invalid } from '../registry/service.ts';
import { statisticsScope } from '../registry/statistics.ts';
import type { ModuleOptions } from '../services.ts';
import { cardStats } from './card-stats.ts';
import {
  checkCardNumber, citizenReportLoss, expireDueCards, handOver, publicStatus, readCard, readPersonCards, reportLoss, revokeCard,
} from './lifecycle.ts';
import {
  CardNumberParams, CardSchema, CardStatsQuery, CardStatsSchema, CitizenLossBody, CitizenLossSchema, HandOverBody, HandOverSchema, LossBody,
  PersonCardsSchema, PublicStatusSchema, RevocationBody,
} from './lifecycle-schemas.ts';
import { latestList } from './revocation-list.ts';

const tags = ['cards'];

/**
 * Per client address and minute. The status endpoint serves relying parties one card at a time;
 * one that checks many should hold the revocation list instead. The citizen's report is a write
 * anyone can attempt with what is printed on a card: a handful an hour is plenty for a person and
 * little for someone pairing card numbers with ID numbers.
 */
export const STATUS_RATE_LIMIT = { max: 600, timeWindow: '1 minute' };
export const CITIZEN_REPORT_RATE_LIMIT = { max: 5, timeWindow: '1 hour' };
/** The expiry sweep runs this often in every server process (skip locked: they do not collide). */
const SWEEP_EVERY_MS = 3600_000;
const MAX_STATS_DAYS = 366;

export const lifecycleRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  // Active cards past their expiry date are recorded as expired by the sweep; reads never wait for
  // it (lifecycle.ts effectiveStatus).
  const timer = setInterval(() => {
    expireDueCards(services).catch((err: unknown) => app.log.error({ err }, 'card expiry sweep failed'));
  }, SWEEP_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get('/cards/revocation-list', {
    config: { public: true, rateLimit: STATUS_RATE_LIMIT },
    schema: {
      operationId: 'getCardRevocationList', tags, security: [],
      summary: 'The signed list of cards that are no longer valid (no login)',
      description: 'A JWS (RFC 7515 compact serialisation, `typ` cancuoc-card-revocation-list+json) signed with the pki `document` key; verify it with GET /pki/keys. Payload: `iss`, `sequence` (grows with every list), `issuedAt`, `entries` [{ cardNumber, reason: lost-or-stolen | revoked | replaced, since }]. A new list is issued in the transaction of every change to the set, so this is always the newest.',
      response: {
        200: { description: 'compact JWS', content: { 'application/jose': { schema: { type: 'string' } } } },
        ...problemResponses(429, 503),
      },
    },
  }, async (_request, reply) => {
    const list = await latestList(services);
    return reply.type('application/jose').header('etag', `"${list.sequence}"`).header('cache-control', 'public, no-cache')
      .header('x-list-sequence', String(list.sequence)).send(list.jws);
  });

  app.get('/cards/:cardNumber/status', {
    config: { public: true, rateLimit: STATUS_RATE_LIMIT },
    schema: {
      operationId: 'getCardStatus', tags, security: [],
      summary: 'Is this card valid? Status and validity dates only (no login)',
      description: 'For relying parties before they trust a card: `valid`, the reason class when not, and the validity dates. Nothing personal. Not audited (it discloses no personal data; a log of which card was checked where would itself track the holder). A malformed number is 400 invalid-card-number, an unknown one 404.',
      params: CardNumberParams,
      response: { 200: PublicStatusSchema, ...problemResponses(400, 404, 429) },
    },
  }, async (request) => publicStatus(services.sql, checkCardNumber(request.params.cardNumber)));

  app.post('/cards/:cardNumber/loss-report', {
    config: { public: true, rateLimit: CITIZEN_REPORT_RATE_LIMIT },
    schema: {
      operationId: 'reportCardLossByCitizen', tags, security: [],
      summary: 'A citizen reports their own card lost or stolen (no login)',
      description: 'Without an account: the card number with the holder\'s ID number and date of birth. One answer (422 card-claim-mismatch) for any wrong combination; at most 5 reports per address per hour; audited. The card is listed on the revocation list at once.',
      params: CardNumberParams, body: CitizenLossBody,
      response: { 200: CitizenLossSchema, ...problemResponses(400, 422, 429, 503) },
    },
  }, async (request) => {
    const cardNumber = checkCardNumber(request.params.cardNumber);
    checkIdNumber(request.body.idNumber, '/body/idNumber');
    return citizenReportLoss(services, { requestId: request.id, ip: request.ip }, cardNumber, request.body);
  });

  app.get('/cards/:cardNumber', {
    schema: {
      operationId: 'getCard', tags,
      summary: 'A card with its state and history pointers (audited)',
      description: 'For an officer whose jurisdiction holds where the holder lives or where the card is handed over.',
      params: CardNumberParams,
      response: { 200: CardSchema, ...problemResponses(400, 403, 404) },
    },
  }, async (request) => readCard(services, callerOf(request), checkCardNumber(request.params.cardNumber)));

  app.get('/persons/:idNumber/cards', {
    schema: {
      operationId: 'listPersonCards', tags,
      summary: 'Every card of a person, newest first (audited)',
      params: IdNumberParams,
      response: { 200: PersonCardsSchema, ...problemResponses(403, 404, 422) },
    },
  }, async (request) => readPersonCards(services, callerOf(request), checkIdNumber(request.params.idNumber)));

  app.post('/cards/:cardNumber/hand-over', {
    schema: {
      operationId: 'handOverCard', tags,
      summary: 'Hand the card to its holder: ready → active; the previous card collected and replaced',
      description: 'By an officer of the receiving office (whose jurisdiction holds the application\'s receiving unit). The application becomes handed_over; the holder\'s previous active card becomes `replaced` (replaced_by this card) in the same transaction and joins the revocation list.',
      params: CardNumberParams, headers: WriteHeaders, body: HandOverBody,
      response: { 200: HandOverSchema, ...problemResponses(400, 403, 404, 409, 422) },
    },
  }, async (request) => handOver(services, callerOf(request), checkCardNumber(request.params.cardNumber), request.body));

  app.post('/cards/:cardNumber/loss', {
    schema: {
      operationId: 'reportCardLoss', tags,
      summary: 'An officer records an active card lost or stolen',
      description: 'The card becomes lost or stolen and is on the revocation list at once.',
      params: CardNumberParams, headers: WriteHeaders, body: LossBody,
      response: { 200: CardSchema, ...problemResponses(400, 403, 404, 409, 422) },
    },
  }, async (request) => reportLoss(services, callerOf(request), checkCardNumber(request.params.cardNumber), request.body));

  app.post('/cards/:cardNumber/revocation', {
    schema: {
      operationId: 'revokeCard', tags,
      summary: 'Revoke a card (central officers, or provincial officers of the holder\'s province), with a reason',
      params: CardNumberParams, headers: WriteHeaders, body: RevocationBody,
      response: { 200: CardSchema, ...problemResponses(400, 403, 404, 409, 422) },
    },
  }, async (request) => revokeCard(services, callerOf(request), checkCardNumber(request.params.cardNumber), request.body));

  app.get('/stats/cards', {
    schema: {
      operationId: 'getCardStats', tags,
      summary: 'Applications received, approved, produced and handed over, per province and per day',
      description: 'Counted at the province of the receiving office, under generation 2 (34 provinces) or 1 (the 63 before 1 July 2025). Provincial officers get their province; central officers and administrators the country. Counts only.',
      querystring: CardStatsQuery,
      response: { 200: CardStatsSchema, ...problemResponses(400, 403) },
    },
  }, async (request) => {
    const scope = statisticsScope(request.officer);
    const q = request.query;
    const today = todayInVietnam();
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -30);
    if (from > to) throw invalid('/querystring/from', 'must not be after `to`');
    if (addDays(from, MAX_STATS_DAYS) <= to) throw invalid('/querystring/from', `at most ${MAX_STATS_DAYS} days at once`);
    return cardStats(services.sql, { generation: q.generation as 1 | 2, from, to, today, scope });
  });
};
