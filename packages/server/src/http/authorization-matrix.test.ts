// THE authorisation table of the API (docs/security.md): every operation of the OpenAPI document
// × role (admin, central, auditor, province, commune) × where each person and household the
// request reads or writes lies (in the officer's commune, elsewhere in their province, in another
// province), with the outcome each must get. The test builds every request from the table on
// fresh persons and households, and:
//   - fails for an operation of the document that the table does not cover, so that no route
//     can be added without its rules;
//   - after every refused request checks that the database is exactly as it was (row versions,
//     households, relations, events, history, outbox, idempotency keys, officers) and that the
//     audit entries of that request are the refusal alone.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { PERSON_ROLES } from '../auth/access.ts';
import type { Role } from '../auth/officers.ts';
import { appendAudit } from '../audit/log.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { sequenceAll } from '../testing/audit.ts';
import { adult, BA_DINH, client, HONG_HA, THU_DAU_MOT } from '../registry/test-helpers.ts';
import { UNDO_ROLES } from '../registry/merge.ts';
import { detectDuplicates } from '../quality/dedup/detect.ts';
import { insertRun } from '../quality/sql.ts';
import { addDays, todayInVietnam } from '../calendar.ts';
import { portraitJpeg, putPhoto, put, tenFingers } from '../cards/test-helpers.ts';
import { PRODUCTION_ROLES } from '../cards/production-service.ts';
import { approvedApplications, batchUntil } from '../cards/production-test-helpers.ts';
import { readyCard } from '../cards/lifecycle-test-helpers.ts';
import { REVOKE_ROLES } from '../cards/lifecycle.ts';

// ---- where things are, and who sees what ----

/** The commune officer's commune; another commune of the same province (Hà Nội); another province. */
type Place = 'commune' | 'province' | 'elsewhere';
const PLACES: Place[] = ['commune', 'province', 'elsewhere'];
const UNIT: Record<Place, string> = { commune: BA_DINH, province: HONG_HA, elsewhere: THU_DAU_MOT };
const ROLES: Role[] = ['admin', 'central', 'auditor', 'province', 'commune'];
const JURISDICTION: Partial<Record<Role, string>> = { province: '2:01', commune: BA_DINH };

/** Inside the role's jurisdiction? (auditors have none over persons; their refusal is by role.) */
function inside(role: Role, place: Place): boolean {
  if (role === 'admin' || role === 'central') return true;
  if (role === 'province') return place !== 'elsewhere';
  if (role === 'commune') return place === 'commune';
  return false;
}

// ---- the table ----

type Entity = 'person' | 'spouse' | 'mother' | 'representative' | 'household' | 'member' | 'destination' | 'unit' | 'child'
  // the two records of a duplicate pair (pairA survives a merge)
  | 'pairA' | 'pairB'
  // a card whose holder lives, and which is handed over, at the placement
  | 'card';

interface Fixture { ids: Partial<Record<Entity, string>>; applicationId?: string; officerId?: string; token?: string; auditSeq?: string; treeSizes?: number[]; pairId?: string; mergeId?: string; batchId?: string; cardNumber?: string }
interface Request { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; body?: unknown; headers?: Record<string, string> }

interface Row {
  operation: string;
  variant?: string;
  /** The persons, households and units the request touches, each placed in turn everywhere. */
  touches: Entity[];
  /** Roles that may call it at all (others: 403 forbidden); 'public' needs no login. */
  roles: readonly Role[] | 'public' | 'any';
  /** Entities that must lie in the officer's jurisdiction (else 403 outside-jurisdiction). */
  inside?: Entity[];
  /** Status of an allowed request. */
  ok: number;
  /** What the allowed answer must show, given which entities are inside. */
  check?: (body: any, isInside: (e: Entity) => boolean, f: Fixture) => void;
  build: (f: Fixture) => Request;
}

const ANY: readonly Role[] = ROLES;
const ADMIN: readonly Role[] = ['admin'];
const AUDITORS: readonly Role[] = ['admin', 'central', 'auditor'];
/** Provincial officers see their province's figures, central officers and administrators all. */
const STATISTICS: readonly Role[] = ['admin', 'central', 'province'];
const legalBasis = 'Căn cứ kiểm thử phân quyền số 1';
/** Who approves or rejects a card application (cards/application-service.ts DECIDING_ROLES). */
const DECIDING: readonly Role[] = ['admin', 'central', 'province'];
/** The card applications' photo and fingers, made once. */
const PHOTO = portraitJpeg();
const FINGERS = tenFingers();

const TABLE: Row[] = [
  // system and auth
  { operation: 'getHealth', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: '/health' }) },
  { operation: 'getProblemType', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: '/problems/forbidden' }) },
  { operation: 'login', touches: [], roles: 'public', ok: 401, build: () => ({ method: 'POST', url: '/auth/login', body: { username: 'nobody-here', password: 'wrong password' } }) },
  { operation: 'logout', touches: [], roles: 'any', ok: 204, build: () => ({ method: 'POST', url: '/auth/logout' }) },
  { operation: 'getCurrentOfficer', touches: [], roles: 'any', ok: 200, build: () => ({ method: 'GET', url: '/auth/me' }) },
  { operation: 'listOfficers', touches: [], roles: ADMIN, ok: 200, build: () => ({ method: 'GET', url: '/officers' }) },
  { operation: 'createOfficer', touches: [], roles: ADMIN, ok: 201, build: () => ({ method: 'POST', url: '/officers', body: { username: `m-${randomUUID().slice(0, 8)}`, displayName: 'Cán bộ mới', role: 'central', password: 'a-long-enough-password' } }) },
  { operation: 'getOfficer', touches: [], roles: ADMIN, ok: 200, build: (f) => ({ method: 'GET', url: `/officers/${f.officerId}` }) },
  { operation: 'disableOfficer', touches: [], roles: ADMIN, ok: 200, build: (f) => ({ method: 'POST', url: `/officers/${f.officerId}/disable` }) },
  { operation: 'enableOfficer', touches: [], roles: ADMIN, ok: 200, build: (f) => ({ method: 'POST', url: `/officers/${f.officerId}/enable` }) },
  // the web console's configuration, and the dashboards' aggregates (figures, never persons)
  { operation: 'getConsoleConfig', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: '/console/config' }) },
  { operation: 'getPopulationByProvince', touches: [], roles: STATISTICS, ok: 200, build: () => ({ method: 'GET', url: '/statistics/population?generation=2' }) },
  { operation: 'getVitalEventsByMonth', touches: [], roles: STATISTICS, ok: 200, build: () => ({ method: 'GET', url: '/statistics/vital-events' }) },
  { operation: 'getCompletenessByProvince', touches: [], roles: STATISTICS, ok: 200, build: () => ({ method: 'GET', url: '/statistics/completeness?generation=2' }) },
  // public keys
  { operation: 'getMasterList', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: '/pki/masterlist' }) },
  { operation: 'getPublishedKeys', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: '/pki/keys' }) },
  // reference data and the audit log
  { operation: 'listAdminUnits', touches: [], roles: 'any', ok: 200, build: () => ({ method: 'GET', url: '/admin-units?level=province' }) },
  { operation: 'getAdminUnit', touches: [], roles: 'any', ok: 200, build: () => ({ method: 'GET', url: '/admin-units/2:01' }) },
  { operation: 'listAuditEntries', touches: [], roles: AUDITORS, ok: 200, build: () => ({ method: 'GET', url: '/audit?limit=5' }) },
  { operation: 'verifyAuditLog', touches: [], roles: AUDITORS, ok: 200, build: () => ({ method: 'GET', url: '/audit/verify' }) },
  { operation: 'getAuditInclusionProof', touches: [], roles: AUDITORS, ok: 200, build: (f) => ({ method: 'GET', url: `/audit/entries/${f.auditSeq}/proof` }) },
  { operation: 'getAuditConsistencyProof', touches: [], roles: 'public', ok: 200, build: (f) => ({ method: 'GET', url: `/audit/consistency?first=${f.treeSizes![0]}&second=${f.treeSizes![1]}` }) },
  { operation: 'getAuditCheckpoint', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: '/audit/checkpoint' }) },
  { operation: 'getAuditLogKey', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: '/audit/log-key' }) },
  // reads of persons and households
  { operation: 'getPerson', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200, build: (f) => ({ method: 'GET', url: `/persons/${f.ids.person}` }) },
  { operation: 'getPersonHistory', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200, build: (f) => ({ method: 'GET', url: `/persons/${f.ids.person}/history` }) },
  { operation: 'getPersonEvents', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200, build: (f) => ({ method: 'GET', url: `/persons/${f.ids.person}/events` }) },
  { operation: 'getOldIdConfirmation', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200, build: (f) => ({ method: 'GET', url: `/persons/${f.ids.person}/old-id-confirmation` }) },
  { operation: 'getSignedOldIdConfirmation', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200, build: (f) => ({ method: 'GET', url: `/persons/${f.ids.person}/old-id-confirmation/signed` }) },
  {
    operation: 'searchPersons', touches: ['person'], roles: PERSON_ROLES, ok: 200,
    check: (body, isInside, f) => assert.equal(body.items.some((i: { idNumber: string }) => i.idNumber === f.ids.person), isInside('person'), 'a person is found only inside the jurisdiction'),
    build: (f) => ({ method: 'GET', url: `/persons?name=${encodeURIComponent(NAMES.get(f.ids.person!)!)}&birthDate=1980-01-01` }),
  },
  { operation: 'getHousehold', touches: ['household'], roles: PERSON_ROLES, inside: ['household'], ok: 200, build: (f) => ({ method: 'GET', url: `/households/${f.ids.household}` }) },
  {
    operation: 'getHousehold', variant: 'a member living elsewhere', touches: ['household', 'member'], roles: PERSON_ROLES, inside: ['household'], ok: 200,
    check: (body, isInside) => {
      assert.equal(body.members.length, isInside('member') ? 2 : 1, 'members are listed only when the caller may read them');
      assert.equal(body.membersElsewhere, isInside('member') ? 0 : 1);
    },
    build: (f) => ({ method: 'GET', url: `/households/${f.ids.household}` }),
  },
  // writes
  {
    operation: 'registerBirth', touches: ['child', 'mother'], roles: PERSON_ROLES, inside: ['child'], ok: 201,
    build: (f) => ({ method: 'POST', url: '/births', body: birth(f, f.ids.child!) }),
  },
  {
    operation: 'registerBirth', variant: 'into a household', touches: ['child', 'mother', 'household'], roles: PERSON_ROLES, inside: ['child', 'household'], ok: 201,
    build: (f) => ({ method: 'POST', url: '/births', body: { ...birth(f, f.ids.child!), householdId: f.ids.household, relationshipToHead: 'Cháu' } }),
  },
  {
    operation: 'correctPerson', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200,
    build: (f) => ({ method: 'PATCH', url: `/persons/${f.ids.person}`, body: { religion: 'Phật giáo', legalBasis }, headers: { 'if-match': '"1"' } }),
  },
  {
    operation: 'correctPerson', variant: 'a legal representative', touches: ['person', 'representative'], roles: PERSON_ROLES, inside: ['person'], ok: 200,
    build: (f) => ({ method: 'PATCH', url: `/persons/${f.ids.person}`, body: { legalRepresentativeIdNumber: f.ids.representative, legalBasis }, headers: { 'if-match': '"1"' } }),
  },
  {
    operation: 'changeResidence', touches: ['person', 'destination'], roles: PERSON_ROLES, inside: ['destination'], ok: 200,
    build: (f) => ({ method: 'POST', url: `/persons/${f.ids.person}/residence`, body: { kind: 'permanent', unitId: f.ids.destination, address: 'Số 9 ngõ Kiểm Thử', date: '2026-03-01', legalBasis } }),
  },
  {
    operation: 'changeResidence', variant: 'joining a household', touches: ['person', 'destination', 'household'], roles: PERSON_ROLES, inside: ['destination', 'household'], ok: 200,
    build: (f) => ({ method: 'POST', url: `/persons/${f.ids.person}/residence`, body: { kind: 'permanent', unitId: f.ids.destination, address: 'Số 9 ngõ Kiểm Thử', date: '2026-03-01', householdId: f.ids.household, relationshipToHead: 'Em', legalBasis } }),
  },
  {
    operation: 'registerMarriage', touches: ['person', 'spouse'], roles: PERSON_ROLES, inside: ['person'], ok: 200,
    build: (f) => ({ method: 'POST', url: `/persons/${f.ids.person}/marriage`, body: { spouseIdNumber: f.ids.spouse, date: '2026-04-01', legalBasis } }),
  },
  {
    operation: 'registerDivorce', touches: ['person', 'spouse'], roles: PERSON_ROLES, inside: ['person'], ok: 200,
    build: (f) => ({ method: 'POST', url: `/persons/${f.ids.person}/divorce`, body: { date: '2026-05-01', legalBasis } }),
  },
  {
    operation: 'registerDeath', touches: ['person', 'spouse'], roles: PERSON_ROLES, inside: ['person'], ok: 200,
    build: (f) => ({ method: 'POST', url: `/persons/${f.ids.person}/death`, body: { date: '2026-06-01', legalBasis } }),
  },
  {
    operation: 'createHousehold', touches: ['person', 'unit'], roles: PERSON_ROLES, inside: ['person', 'unit'], ok: 201,
    build: (f) => ({ method: 'POST', url: '/households', body: { headIdNumber: f.ids.person, unitId: f.ids.unit, address: 'Số 3 ngõ Kiểm Thử', legalBasis } }),
  },
  {
    operation: 'addHouseholdMember', touches: ['person', 'household'], roles: PERSON_ROLES, inside: ['person', 'household'], ok: 200,
    build: (f) => ({ method: 'POST', url: `/households/${f.ids.household}/members`, body: { idNumber: f.ids.person, relationshipToHead: 'Em', legalBasis } }),
  },
  {
    operation: 'removeHouseholdMember', touches: ['household', 'member'], roles: PERSON_ROLES, inside: ['household'], ok: 200,
    build: (f) => ({ method: 'POST', url: `/households/${f.ids.household}/members/${f.ids.member}/removal`, body: { legalBasis } }),
  },
  // data quality: a pair belongs to the officers whose jurisdiction holds both persons
  { operation: 'listQualityRules', touches: [], roles: 'any', ok: 200, build: () => ({ method: 'GET', url: '/quality/rules' }) },
  { operation: 'listQualityFindings', touches: [], roles: PERSON_ROLES, ok: 200, build: () => ({ method: 'GET', url: '/quality/findings?limit=5' }) },
  { operation: 'getQualityStats', touches: [], roles: PERSON_ROLES, ok: 200, build: () => ({ method: 'GET', url: '/stats/quality?groupBy=province' }) },
  {
    operation: 'listDuplicatePairs', touches: ['pairA', 'pairB'], roles: PERSON_ROLES, ok: 200,
    check: (body, isInside, f) => assert.equal(body.items.some((i: { id: string }) => i.id === f.pairId), isInside('pairA') && isInside('pairB'), `a pair is in the queue only when both persons are inside: ${f.pairId} ${JSON.stringify(body.items.map((i: { id: string }) => i.id))}`),
    build: () => ({ method: 'GET', url: '/quality/pairs?limit=100' }),
  },
  { operation: 'getDuplicatePair', touches: ['pairA', 'pairB'], roles: PERSON_ROLES, inside: ['pairA', 'pairB'], ok: 200, build: (f) => ({ method: 'GET', url: `/quality/pairs/${f.pairId}` }) },
  {
    operation: 'decideDuplicatePair', variant: 'reject', touches: ['pairA', 'pairB'], roles: PERSON_ROLES, inside: ['pairA', 'pairB'], ok: 200,
    build: (f) => ({ method: 'POST', url: `/quality/pairs/${f.pairId}/decision`, body: { decision: 'reject', legalBasis } }),
  },
  {
    operation: 'decideDuplicatePair', variant: 'confirm: a merge', touches: ['pairA', 'pairB'], roles: PERSON_ROLES, inside: ['pairA', 'pairB'], ok: 200,
    check: (body, _isInside, f) => assert.equal(body.merge.survivor, f.ids.pairA),
    build: (f) => ({ method: 'POST', url: `/quality/pairs/${f.pairId}/decision`, body: { decision: 'confirm', survivorIdNumber: f.ids.pairA, legalBasis } }),
  },
  { operation: 'getMerge', touches: ['pairA', 'pairB'], roles: PERSON_ROLES, inside: ['pairA'], ok: 200, build: (f) => ({ method: 'GET', url: `/merges/${f.mergeId}` }) },
  {
    operation: 'undoMerge', touches: ['pairA', 'pairB'], roles: UNDO_ROLES, ok: 200,
    build: (f) => ({ method: 'POST', url: `/merges/${f.mergeId}/undo`, body: { legalBasis } }),
  },
  // card applications: an application belongs to its receiving office (here the person's commune);
  // deciding is for province officers of its province, central officers and administrators
  {
    operation: 'createCardApplication', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 201,
    build: (f) => ({ method: 'POST', url: '/card-applications', body: { idNumber: f.ids.person, kind: 'first', receivingUnitId: PLACE_OF.get(f.ids.person!) } }),
  },
  {
    operation: 'listCardApplications', touches: ['person'], roles: PERSON_ROLES, ok: 200,
    check: (body, isInside, f) => assert.equal(body.items.some((i: { id: string }) => i.id === f.applicationId), isInside('person'), 'an application is listed only inside the jurisdiction'),
    build: () => ({ method: 'GET', url: '/card-applications?limit=200' }),
  },
  { operation: 'getCardApplication', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200, build: (f) => ({ method: 'GET', url: `/card-applications/${f.applicationId}` }) },
  {
    operation: 'putCardApplicationPhoto', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200,
    build: (f) => ({ method: 'PUT', url: `/card-applications/${f.applicationId}/photo`, body: PHOTO, headers: { 'content-type': 'image/jpeg' } }),
  },
  {
    operation: 'putCardApplicationFingerprints', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200,
    build: (f) => ({ method: 'PUT', url: `/card-applications/${f.applicationId}/fingerprints`, body: { fingers: FINGERS } }),
  },
  { operation: 'checkCardApplication', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200, build: (f) => ({ method: 'POST', url: `/card-applications/${f.applicationId}/checks` }) },
  { operation: 'approveCardApplication', touches: ['person'], roles: DECIDING, inside: ['person'], ok: 200, build: (f) => ({ method: 'POST', url: `/card-applications/${f.applicationId}/approval`, body: {} }) },
  { operation: 'rejectCardApplication', touches: ['person'], roles: DECIDING, inside: ['person'], ok: 200, build: (f) => ({ method: 'POST', url: `/card-applications/${f.applicationId}/rejection`, body: { reason: 'Thử từ chối' } }) },
  { operation: 'cancelCardApplication', touches: ['person'], roles: PERSON_ROLES, inside: ['person'], ok: 200, build: (f) => ({ method: 'POST', url: `/card-applications/${f.applicationId}/cancellation`, body: { reason: 'Thử hủy' } }) },
  { operation: 'getCardAppointmentAvailability', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: `/card-appointments/availability?unit=${BA_DINH}&from=${addDays(todayInVietnam(), 1)}&to=${addDays(todayInVietnam(), 7)}` }) },
  {
    operation: 'bookCardAppointment', touches: ['person'], roles: 'public', ok: 201,
    build: (f) => ({
      method: 'POST', url: '/card-appointments',
      body: { idNumber: f.ids.person, fullName: NAMES.get(f.ids.person!), birthDate: '1980-01-01', phone: '0912345678', unitId: PLACE_OF.get(f.ids.person!), date: addDays(todayInVietnam(), 1 + (serial % 50)), kind: 'first' },
    }),
  },
  { operation: 'setCardOfficeCapacity', touches: ['unit'], roles: DECIDING, inside: ['unit'], ok: 200, build: (f) => ({ method: 'PUT', url: `/card-offices/${f.ids.unit}/appointment-capacity`, body: { perDay: 30 } }) },
  // card production: the production centre (central, admin) makes, checks and ships batches; the
  // receiving office (the unit in the officer's jurisdiction) receives them and reads their cards
  { operation: 'createCardBatch', touches: ['unit'], roles: PRODUCTION_ROLES, ok: 201, build: (f) => ({ method: 'POST', url: '/card-batches', body: { receivingUnitId: f.ids.unit, limit: 1 } }) },
  { operation: 'listCardBatches', touches: [], roles: PRODUCTION_ROLES, ok: 200, build: () => ({ method: 'GET', url: '/card-batches?limit=5' }) },
  { operation: 'getCardBatch', touches: ['unit'], roles: PRODUCTION_ROLES, ok: 200, build: (f) => ({ method: 'GET', url: `/card-batches/${f.batchId}` }) },
  { operation: 'personaliseCardBatch', touches: ['unit'], roles: PRODUCTION_ROLES, ok: 200, build: (f) => ({ method: 'POST', url: `/card-batches/${f.batchId}/personalisation`, body: {} }) },
  { operation: 'qualityControlCardBatch', touches: ['unit'], roles: PRODUCTION_ROLES, ok: 200, build: (f) => ({ method: 'POST', url: `/card-batches/${f.batchId}/quality-control`, body: {} }) },
  { operation: 'shipCardBatch', touches: ['unit'], roles: PRODUCTION_ROLES, ok: 200, build: (f) => ({ method: 'POST', url: `/card-batches/${f.batchId}/shipment`, body: {} }) },
  { operation: 'receiveCardBatch', touches: ['unit'], roles: PERSON_ROLES, inside: ['unit'], ok: 200, build: (f) => ({ method: 'POST', url: `/card-batches/${f.batchId}/receipt`, body: {} }) },
  { operation: 'getCardFacePng', touches: ['unit'], roles: PERSON_ROLES, inside: ['unit'], ok: 200, build: (f) => ({ method: 'GET', url: `/cards/${f.cardNumber}/face.png` }) },
  { operation: 'getCardFacePdf', touches: ['unit'], roles: PERSON_ROLES, inside: ['unit'], ok: 200, build: (f) => ({ method: 'GET', url: `/cards/${f.cardNumber}/face.pdf` }) },
  { operation: 'getCardChip', touches: ['unit'], roles: PRODUCTION_ROLES, ok: 200, build: (f) => ({ method: 'GET', url: `/cards/${f.cardNumber}/chip` }) },
  // identity cards: the card is in a jurisdiction where its holder lives and where it is handed over
  { operation: 'getCardStatus', touches: [], roles: 'public', ok: 200, build: (f) => ({ method: 'GET', url: `/cards/${f.cardNumber}/status` }) },
  { operation: 'getCardRevocationList', touches: [], roles: 'public', ok: 200, build: () => ({ method: 'GET', url: '/cards/revocation-list' }) },
  {
    operation: 'reportCardLossByCitizen', touches: [], roles: 'public', ok: 200,
    build: (f) => ({ method: 'POST', url: `/cards/${f.cardNumber}/loss-report`, body: { kind: 'lost', idNumber: f.ids.card, birthDate: '1980-01-01' } }),
  },
  { operation: 'getCard', touches: ['card'], roles: PERSON_ROLES, inside: ['card'], ok: 200, build: (f) => ({ method: 'GET', url: `/cards/${f.cardNumber}` }) },
  { operation: 'listPersonCards', touches: ['card'], roles: PERSON_ROLES, inside: ['card'], ok: 200, build: (f) => ({ method: 'GET', url: `/persons/${f.ids.card}/cards` }) },
  { operation: 'handOverCard', touches: ['card'], roles: PERSON_ROLES, inside: ['card'], ok: 200, build: (f) => ({ method: 'POST', url: `/cards/${f.cardNumber}/hand-over`, body: {} }) },
  { operation: 'reportCardLoss', touches: ['card'], roles: PERSON_ROLES, inside: ['card'], ok: 200, build: (f) => ({ method: 'POST', url: `/cards/${f.cardNumber}/loss`, body: { kind: 'stolen' } }) },
  { operation: 'revokeCard', touches: ['card'], roles: REVOKE_ROLES, inside: ['card'], ok: 200, build: (f) => ({ method: 'POST', url: `/cards/${f.cardNumber}/revocation`, body: { reason: legalBasis } }) },
  { operation: 'getCardStats', touches: [], roles: STATISTICS, ok: 200, build: () => ({ method: 'GET', url: '/stats/cards?groupBy=province&generation=1' }) },
];

/** The state a card-production row needs its batch in (production-test-helpers.ts batchUntil). */
const BATCH_STAGE: Record<string, 'open' | 'personalising' | 'quality_checked' | 'shipped'> = {
  getCardBatch: 'open', personaliseCardBatch: 'open', qualityControlCardBatch: 'personalising', shipCardBatch: 'quality_checked',
  receiveCardBatch: 'shipped', getCardFacePng: 'personalising', getCardFacePdf: 'personalising', getCardChip: 'personalising',
};

/** Operations whose fixture is a card `ready` at the holder's office; those in ACTIVE_CARD get it handed over first. */
const CARD_OPERATIONS = ['getCardStatus', 'reportCardLossByCitizen', 'getCard', 'listPersonCards', 'handOverCard', 'reportCardLoss', 'revokeCard'];
const ACTIVE_CARD = ['reportCardLossByCitizen', 'reportCardLoss', 'revokeCard'];

// ---- fixtures: every case gets its own persons and households, made by a central officer ----

let t: TestApp;
let c: ReturnType<typeof client>;
let central: string;
const tokens = new Map<Role, string>();
const NAMES = new Map<string, string>();
/** The commune each fixture person lives in. */
const PLACE_OF = new Map<string, string>();
let serial = 0;

/** A name no other fixture bears, in letters only (PersonName): "Thử Bdc". */
function uniqueName(): string {
  const letters = String(++serial).split('').map((d) => 'abcdeghik'.charAt(Number(d)) || 'l').join('');
  return `Thử ${letters.charAt(0).toUpperCase()}${letters.slice(1)}`;
}

async function person(place: Place, sex: 'male' | 'female' = 'male', birthDate = '1980-01-01') {
  const fullName = uniqueName();
  const p = await adult(t, central, { fullName, sex, birthDate, unitId: UNIT[place] });
  NAMES.set(p.idNumber, fullName);
  PLACE_OF.set(p.idNumber, UNIT[place]);
  return p.idNumber;
}

async function household(place: Place): Promise<string> {
  const head = await person(place);
  const r = await c.post('/households', central, { headIdNumber: head, unitId: UNIT[place], address: 'Số 1 ngõ Kiểm Thử', legalBasis });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

function birth(f: Fixture, unitId: string) {
  return {
    fullName: uniqueName(), sex: 'female', birthDate: '2026-02-02', placeOfBirth: 'Bệnh viện Kiểm Thử', birthRegistrationUnitId: unitId,
    permanentResidence: { unitId, address: 'Số 5 ngõ Kiểm Thử' }, motherIdNumber: f.ids.mother, ethnicity: 'Kinh', legalBasis,
  };
}

async function fixture(row: Row, at: Partial<Record<Entity, Place>>, role: Role): Promise<Fixture> {
  const ids: Partial<Record<Entity, string>> = {};
  for (const e of row.touches) {
    const place = at[e]!;
    if (e === 'unit' || e === 'destination' || e === 'child') ids[e] = UNIT[place];
    else if (e === 'household') ids[e] = await household(place);
    else if (e === 'mother') ids[e] = await person(place, 'female', '1990-01-01');
    else if (e === 'spouse') ids[e] = await person(place, 'female', '1982-01-01');
    else if (e !== 'member' && e !== 'pairA' && e !== 'pairB') ids[e] = await person(place);
  }
  if (CARD_OPERATIONS.includes(row.operation)) {
    const place = at.card ?? 'commune';
    ids.card ??= await person(place);
    const { cardNumber } = await readyCard(t, { personId: ids.card, birthDate: '1980-01-01', receivingUnitId: UNIT[place] });
    if (ACTIVE_CARD.includes(row.operation)) {
      const r = await c.post(`/cards/${cardNumber}/hand-over`, central, {});
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    return { ids, cardNumber };
  }
  if (row.touches.includes('pairA')) {
    // Two records of one person: registered at one unit on one day under one name, living where
    // the placement says. The detection finds and scores them; only this fixture's pair is open.
    const fullName = uniqueName();
    // A birth date of its own, so that the detection needs to look at this day only.
    const birthDate = new Date(Date.UTC(1940, 0, 1 + serial)).toISOString().slice(0, 10);
    for (const e of ['pairA', 'pairB'] as const) {
      const r = await c.post('/births', central, {
        fullName, sex: 'male', birthDate, placeOfBirth: 'Bệnh viện Kiểm Thử', birthRegistrationUnitId: BA_DINH,
        permanentResidence: { unitId: UNIT[at[e]!], address: `Số ${serial} ngõ Kiểm Thử` }, ethnicity: 'Kinh', legalBasis,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      ids[e] = r.body.idNumber;
    }
    const next = new Date(Date.parse(birthDate) + 86_400_000).toISOString().slice(0, 10);
    await detectDuplicates(t.db.sql, { runId: await insertRun(t.db.sql, { actor: 'test:matrix', checks: ['duplicates'] }), concurrency: 1, born: { from: birthDate, to: next } });
    const [a, b] = [ids.pairA!, ids.pairB!].sort();
    const [pair] = await t.db.sql<{ id: string }[]>`select id::text from quality_pair where status = 'open' and a = ${a!} and b = ${b!}`;
    assert.ok(pair, 'the detection proposes the pair');
    // Earlier fixtures' pairs left open would crowd the queues: closed here.
    await t.db.sql`update quality_pair set status = 'superseded' where status = 'open' and id <> ${pair.id}`;
    const f: Fixture = { ids, pairId: pair.id };
    if (row.operation === 'getMerge' || row.operation === 'undoMerge') {
      const r = await c.post(`/quality/pairs/${pair.id}/decision`, central, { decision: 'confirm', survivorIdNumber: ids.pairA, legalBasis });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      f.mergeId = r.body.merge.id;
    }
    return f;
  }
  if (row.touches.includes('member')) {
    ids.member = await person(at.member!);
    const r = await c.post(`/households/${ids.household}/members`, central, { idNumber: ids.member, relationshipToHead: 'Con', legalBasis });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  if (row.operation === 'registerDivorce' || row.operation === 'registerDeath') {
    const r = await c.post(`/persons/${ids.person}/marriage`, central, { spouseIdNumber: ids.spouse, date: '2026-01-10', legalBasis });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  if (row.operation === 'getOldIdConfirmation' || row.operation === 'getSignedOldIdConfirmation') {
    if (row.operation === 'getSignedOldIdConfirmation') await t.services.pki.ensureKeys();
    const r = await c.patch(`/persons/${ids.person}`, central, { oldIdNumber: String(100000000 + serial), legalBasis }, { 'if-match': '"1"' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  const f: Fixture = { ids };
  if (/CardApplication/.test(row.operation) && row.operation !== 'createCardApplication') {
    // An application received at the person's commune, taken by a central officer (who therefore
    // never decides it: the table's central role is another officer); verified for an approval.
    const r = await c.post('/card-applications', central, { idNumber: ids.person, kind: 'first', receivingUnitId: PLACE_OF.get(ids.person!) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    f.applicationId = r.body.id;
    if (row.operation === 'approveCardApplication') {
      assert.equal((await putPhoto(t, r.body.id, central, PHOTO)).status, 200);
      assert.equal((await put(t, `/card-applications/${r.body.id}/fingerprints`, central, { fingers: FINGERS })).status, 200);
      const checks = await c.post(`/card-applications/${r.body.id}/checks`, central, undefined);
      assert.equal(checks.body.status, 'verified', JSON.stringify(checks.body));
    }
  }
  if (row.operation === 'createCardBatch') await approvedApplications(t, central, 1, ids.unit!);
  const stage = BATCH_STAGE[row.operation];
  if (stage) {
    const b = await batchUntil(t, central, ids.unit!, stage);
    f.batchId = b.batchId;
    f.cardNumber = b.cards[0];
  }
  if (row.operation.startsWith('getAudit') || row.operation === 'getMasterList' || row.operation === 'getPublishedKeys') {
    // Proofs need sequenced entries and two signed tree heads; the public keys need the token's keys.
    await sequenceAll(t.db.sql);
    await appendAudit(t.db.sql, [{ actor: 'system', action: 'matrix.fixture' }]);
    await sequenceAll(t.db.sql);
    const sizes = await t.db.sql<{ size: string }[]>`select size::text from audit_tree_head order by audit_tree_head.size desc limit 2`;
    f.treeSizes = sizes.map((s) => Number(s.size)).reverse();
    f.auditSeq = (await t.db.sql<{ seq: string }[]>`select seq::text from audit_leaf order by leaf_index desc limit 1`)[0]!.seq;
    if (row.operation === 'getMasterList' || row.operation === 'getPublishedKeys') await t.services.pki.ensureKeys();
  }
  if (['getOfficer', 'disableOfficer', 'enableOfficer'].includes(row.operation)) f.officerId = (await t.officer('commune', HONG_HA)).id;
  // Logging out ends the session: give the role a session of its own for this case.
  if (row.operation === 'logout') f.token = (await t.officer(role, JURISDICTION[role])).authorization;
  return f;
}

/** Everything a refused request must leave as it was. */
async function snapshot(): Promise<string> {
  const [row] = await t.db.sql<{ s: string }[]>`
    select md5(concat_ws('#',
      (select string_agg(concat_ws('|', id_number, version, household_id, relationship_to_head, marital_status, spouse_id, death_date,
                                   current_commune_id, legal_representative_id, religion, father_id, mother_id), ',' order by id_number) from person),
      (select string_agg(concat_ws('|', id, head_id), ',' order by id) from household),
      (select count(*) from life_event), (select count(*) from person_version), (select count(*) from outbox_event),
      (select count(*) from idempotency_key),
      (select string_agg(concat_ws('|', id, status), ',' order by id) from quality_pair), (select count(*) from quality_decision),
      (select string_agg(concat_ws('|', id, undone_at), ',' order by id) from person_merge), (select count(*) from person_retired),
      (select string_agg(concat_ws('|', id, active), ',' order by id) from officer),
      (select count(*) from officer_session where revoked_at is not null),
      (select string_agg(concat_ws('|', id, status, version), ',' order by id) from card_application),
      (select count(*) from card_application_finger), (select count(*) from card_application_check), (select count(*) from card_appointment),
      (select string_agg(concat_ws('|', unit_id, per_day), ',' order by unit_id) from card_office_capacity),
      (select string_agg(concat_ws('|', id, status), ',' order by id) from card_batch),
      (select string_agg(concat_ws('|', card_number, status, replaced_by, handed_over_by), ',' order by card_number) from card),
      (select count(*) from card_chip), (select count(*) from card_status_list), (select count(*) from card_event))) as s`;
  return row!.s;
}

const REFUSAL_ACTIONS = new Set(['request.refused', 'person.reference', 'person.read.refused', 'person.read.not-found']);

/** Every placement of the row's entities: 3^n. */
function placements(touches: Entity[]): Partial<Record<Entity, Place>>[] {
  let out: Partial<Record<Entity, Place>>[] = [{}];
  for (const e of touches) out = out.flatMap((p) => PLACES.map((place) => ({ ...p, [e]: place })));
  return out;
}

before(async () => {
  t = await createTestApp();
  c = client(t);
  central = (await t.officer('central')).authorization;
  for (const role of ROLES) tokens.set(role, (await t.officer(role, JURISDICTION[role])).authorization);
});
after(async () => { await t.close(); });

test('the table covers every operation of the OpenAPI document', async () => {
  await t.app.ready();
  const doc = t.app.swagger() as { paths: Record<string, Record<string, { operationId?: string }>> };
  const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
  const covered = new Set(TABLE.map((r) => r.operation));
  const missing = operations.filter((op) => !covered.has(op!));
  assert.deepEqual(missing, [], `operations without rules in the authorisation table: ${missing.join(', ')}`);
  const unknown = [...covered].filter((op) => !operations.includes(op));
  assert.deepEqual(unknown, [], `table rows for operations that do not exist: ${unknown.join(', ')}`);
});

// MATRIX_ONLY=<operationId>[,…] runs only those rows (while working on a route; the suite runs all).
const ONLY = process.env.MATRIX_ONLY?.split(',');

for (const row of TABLE.filter((r) => !ONLY || ONLY.includes(r.operation))) {
  test(`${row.operation}${row.variant ? ` (${row.variant})` : ''}: every role, every placement`, { timeout: 300_000 }, async () => {
    let allowed = 0;
    let refused = 0;
    for (const role of ROLES) {
      for (const at of placements(row.touches)) {
        const label = `${row.operation}${row.variant ? ` (${row.variant})` : ''} as ${role} with ${JSON.stringify(at)}`;
        const f = await fixture(row, at, role);
        const req = row.build(f);
        const requestId = `matrix-${randomUUID()}`;
        const isInside = (e: Entity) => inside(role, at[e]!);
        let expected: { status: number; type?: string };
        if (row.roles === 'public') expected = { status: row.ok };
        else if (row.roles !== 'any' && !row.roles.includes(role)) expected = { status: 403, type: 'forbidden' };
        else if ((row.inside ?? []).some((e) => !isInside(e))) expected = { status: 403, type: 'outside-jurisdiction' };
        else expected = { status: row.ok };
        const before = expected.status >= 400 ? await snapshot() : '';
        const res = await t.app.inject({
          method: req.method, url: `/api/v1${req.url}`, ...(req.body === undefined ? {} : { payload: req.body as object }),
          headers: { ...(row.roles === 'public' ? {} : { authorization: f.token ?? tokens.get(role)! }), 'x-request-id': requestId, ...(req.headers ?? {}) },
        });
        const body = res.body && /json/.test(String(res.headers['content-type'])) ? res.json() : undefined;
        assert.equal(res.statusCode, expected.status, `${label}: ${res.body}`);
        if (expected.type) assert.equal(body.type, `/api/v1/problems/${expected.type}`, label);
        if (expected.status < 400) {
          allowed++;
          row.check?.(body, isInside, f);
          continue;
        }
        refused++;
        if (row.roles === 'public') continue;
        assert.equal(await snapshot(), before, `${label}: a refused request changed the database`);
        const entries = await t.db.sql<{ action: string; details: { refused?: boolean } }[]>`select action, details from audit_log where request_id = ${requestId}`;
        assert.ok(entries.length >= 1, `${label}: the refusal is audited`);
        for (const e of entries) {
          assert.ok(REFUSAL_ACTIONS.has(e.action), `${label}: audit entry ${e.action} of a refused request`);
          if (e.action === 'person.reference') assert.equal(e.details.refused, true, label);
        }
      }
    }
    assert.ok(allowed + refused > 0);
  });
}
