// The register's HTTP API under /api/v1 (docs/api.md "Register"): births, person lookup and
// search, corrections, residence, marriage, divorce, death, history, life events, households.
// Routes validate at the edge (TypeBox) and call the domain functions; nothing here touches SQL.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses, ProblemError } from '../problems.ts';
import type { ModuleOptions } from '../services.ts';
import { registerBirth } from './births.ts';
import { addHouseholdMember, createHousehold, removeHouseholdMember } from './households.ts';
import { changeResidence, correctPerson, registerDeath, registerDivorce, registerMarriage } from './life-events.ts';
import {
  BirthBody, CorrectionBody, DeathBody, DivorceBody, EventSchema, HouseholdBody, HouseholdMemberBody, HouseholdRemoveBody,
  HouseholdSchema, IdNumber, IdNumberParams, MarriageBody, MergedInto, MergeSchema, OldIdConfirmationSchema, PersonSchema, ResidenceBody,
  SearchQuerySchema, SearchResultSchema, UndoMergeBody, VersionSchema,
} from './schemas.ts';
import { getMerge, undoMerge } from './merges.ts';
import { callerOf, WriteHeaders } from './caller.ts';
import {
  checkIdNumber, oldIdConfirmation, personEvents, personHistory, readHousehold, readPerson, searchPeople,
} from './service.ts';

// Each operation declares the problems of its own domain; 400, 401 and the rest that every
// route can answer are added by http/openapi.ts.
const problemsFor = problemResponses;

const HouseholdParams = Type.Object({ id: Type.String({ pattern: '^\\d{1,18}$' }) });
const caller = callerOf;

const etag = (version: number) => `"${version}"`;

/** If-Match: `"3"`, `W/"3"` or `3` → 3. */
function expectedVersion(header: string | undefined): number {
  if (header === undefined) {
    throw new ProblemError('precondition-required', 'send If-Match with the ETag (version) of the person you read: GET /api/v1/persons/{idNumber}');
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) {
    throw new ProblemError('validation-error', '/headers/if-match must be the ETag of a person, e.g. "3"', { errors: [{ pointer: '/headers/if-match', message: 'must be an ETag like "3"' }] });
  }
  return Number(m[1]);
}

export const registryRoutes: FastifyPluginAsyncTypebox<ModuleOptions> = async (app, { services }) => {
  const tags = ['register'];

  app.post('/births', {
    schema: {
      operationId: 'registerBirth', tags, summary: 'Register a birth: creates the person and allocates the personal ID number',
      description: 'The ID prefix is the pre-2025 province the registering unit stands for (docs/data-model.md), the century/sex digit and the birth year.',
      headers: WriteHeaders, body: BirthBody,
      response: { 201: PersonSchema, ...problemsFor(403, 409, 422) },
    },
  }, async (request, reply) => {
    const { person } = await registerBirth(services, caller(request), request.body);
    return reply.code(201).header('etag', etag(person.version)).header('location', `/api/v1/persons/${person.idNumber}`).send(person);
  });

  app.get('/persons/:idNumber', {
    schema: {
      operationId: 'getPerson', tags, summary: 'A person as the register holds them today (audited)',
      params: IdNumberParams,
      description: 'A number retired by a merge answers 404 person-merged with `mergedInto` (the record that holds the person now) to an officer who may read that record.',
      response: { 200: PersonSchema, ...problemsFor(403, 404, 422) },
    },
  }, async (request, reply) => {
    const idNumber = checkIdNumber(request.params.idNumber);
    const person = await readPerson(services, caller(request), idNumber);
    return reply.header('etag', etag(person.version)).send(person);
  });

  app.get('/persons', {
    schema: {
      operationId: 'searchPersons', tags, summary: 'Search by name (diacritics ignored, typos tolerated), optionally date of birth and province',
      description: 'Results are limited to the officer\'s jurisdiction and ranked by name similarity; every person returned is audited.',
      querystring: SearchQuerySchema,
      response: { 200: SearchResultSchema, ...problemsFor(403) },
    },
  }, async (request) => searchPeople(services, caller(request), request.query));

  app.patch('/persons/:idNumber', {
    schema: {
      operationId: 'correctPerson', tags, summary: 'Correct fields of a person (needs If-Match with the version read, and a legal basis)',
      params: IdNumberParams,
      headers: Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'ETag of the version the correction is based on' })), 'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._:-]{8,100}$' })) }),
      body: CorrectionBody,
      response: { 200: PersonSchema, ...problemsFor(403, 404, 412, 422, 428) },
    },
  }, async (request, reply) => {
    const idNumber = checkIdNumber(request.params.idNumber);
    const { person } = await correctPerson(services, caller(request), idNumber, expectedVersion(request.headers['if-match']), request.body);
    return reply.header('etag', etag(person.version)).send(person);
  });

  app.post('/persons/:idNumber/residence', {
    schema: {
      operationId: 'changeResidence', tags, summary: 'Change of permanent, temporary or current residence',
      description: 'The officer needs jurisdiction over where the person lives now; the destination is recorded in the event.',
      params: IdNumberParams, headers: WriteHeaders, body: ResidenceBody,
      response: { 200: PersonSchema, ...problemsFor(403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const { person } = await changeResidence(services, caller(request), checkIdNumber(request.params.idNumber), request.body);
    return reply.header('etag', etag(person.version)).send(person);
  });

  app.post('/persons/:idNumber/marriage', {
    schema: {
      operationId: 'registerMarriage', tags, summary: 'Register a marriage: both persons become married to each other',
      params: IdNumberParams, headers: WriteHeaders, body: MarriageBody,
      response: { 200: PersonSchema, ...problemsFor(403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const { person } = await registerMarriage(services, caller(request), checkIdNumber(request.params.idNumber), {
      ...request.body, spouseIdNumber: checkIdNumber(request.body.spouseIdNumber, '/body/spouseIdNumber'),
    });
    return reply.header('etag', etag(person.version)).send(person);
  });

  app.post('/persons/:idNumber/divorce', {
    schema: {
      operationId: 'registerDivorce', tags, summary: 'Record a divorce: both former spouses become divorced',
      params: IdNumberParams, headers: WriteHeaders, body: DivorceBody,
      response: { 200: PersonSchema, ...problemsFor(403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const { person } = await registerDivorce(services, caller(request), checkIdNumber(request.params.idNumber), request.body);
    return reply.header('etag', etag(person.version)).send(person);
  });

  app.post('/persons/:idNumber/death', {
    schema: {
      operationId: 'registerDeath', tags, summary: 'Record a death: the surviving spouse becomes widowed',
      params: IdNumberParams, headers: WriteHeaders, body: DeathBody,
      response: { 200: PersonSchema, ...problemsFor(403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const { person } = await registerDeath(services, caller(request), checkIdNumber(request.params.idNumber), request.body);
    return reply.header('etag', etag(person.version)).send(person);
  });

  app.get('/persons/:idNumber/history', {
    schema: {
      operationId: 'getPersonHistory', tags, summary: 'Every version of a person, newest first, with who, when, legal basis and changed fields (audited)',
      params: IdNumberParams,
      description: 'A number retired by a merge keeps its history (readable by officers who may read the record that holds the person now).',
      response: { 200: Type.Object({ idNumber: IdNumber, mergedInto: MergedInto, versions: Type.Array(VersionSchema) }), ...problemsFor(403, 404, 422) },
    },
  }, async (request) => personHistory(services, caller(request), checkIdNumber(request.params.idNumber)));

  app.get('/persons/:idNumber/events', {
    schema: {
      operationId: 'getPersonEvents', tags, summary: 'Life events of a person, newest first (audited)',
      description: 'Events stay with the number they were recorded under; a record lists those of the numbers merged into it too.',
      params: IdNumberParams,
      response: { 200: Type.Object({ idNumber: IdNumber, mergedInto: MergedInto, events: Type.Array(EventSchema) }), ...problemsFor(403, 404, 422) },
    },
  }, async (request) => personEvents(services, caller(request), checkIdNumber(request.params.idNumber)));

  app.get('/persons/:idNumber/old-id-confirmation', {
    schema: {
      operationId: 'getOldIdConfirmation', tags, summary: 'Confirmation that the old ID (CMND) number and the personal ID number are one person (audited)',
      params: IdNumberParams,
      response: { 200: OldIdConfirmationSchema, ...problemsFor(403, 404, 422) },
    },
  }, async (request) => oldIdConfirmation(services, caller(request), checkIdNumber(request.params.idNumber)));

  app.post('/households', {
    schema: {
      operationId: 'createHousehold', tags, summary: 'Create a household with its head (a household-change event of the head)',
      headers: WriteHeaders, body: HouseholdBody,
      response: { 201: HouseholdSchema, ...problemsFor(403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const body = { ...request.body, headIdNumber: checkIdNumber(request.body.headIdNumber, '/body/headIdNumber') };
    const household = await createHousehold(services, caller(request), body);
    return reply.code(201).header('location', `/api/v1/households/${household.id}`).send(household);
  });

  app.get('/households/:id', {
    schema: {
      operationId: 'getHousehold', tags, summary: 'A household with its members and their relationship to the head (audited per member)',
      params: HouseholdParams,
      response: { 200: HouseholdSchema, ...problemsFor(403, 404) },
    },
  }, async (request) => readHousehold(services, caller(request), request.params.id));

  app.post('/households/:id/members', {
    schema: {
      operationId: 'addHouseholdMember', tags, summary: 'Add a person to a household (leaving their previous one)',
      params: HouseholdParams, headers: WriteHeaders, body: HouseholdMemberBody,
      response: { 200: HouseholdSchema, ...problemsFor(403, 404, 409, 422) },
    },
  }, async (request) => addHouseholdMember(services, caller(request), request.params.id, {
    ...request.body, idNumber: checkIdNumber(request.body.idNumber, '/body/idNumber'),
  }));

  app.post('/households/:id/members/:idNumber/removal', {
    schema: {
      operationId: 'removeHouseholdMember', tags, summary: 'Remove a person from a household',
      params: Type.Object({ id: HouseholdParams.properties.id, idNumber: IdNumber }), headers: WriteHeaders, body: HouseholdRemoveBody,
      response: { 200: HouseholdSchema, ...problemsFor(403, 404, 422) },
    },
  }, async (request) => removeHouseholdMember(services, caller(request), request.params.id, checkIdNumber(request.params.idNumber), request.body));

  const MergeParams = Type.Object({ id: Type.String({ pattern: '^\\d{1,18}$' }) });

  app.get('/merges/:id', {
    schema: {
      operationId: 'getMerge', tags, summary: 'A merge of two records: what moved, until when it can be undone (audited)',
      description: 'Readable by officers who may read the record that holds the person (the survivor).',
      params: MergeParams,
      response: { 200: MergeSchema, ...problemsFor(403, 404) },
    },
  }, async (request) => getMerge(services, caller(request), request.params.id));

  app.post('/merges/:id/undo', {
    schema: {
      operationId: 'undoMerge', tags, summary: 'Undo a merge within its window (central officers, administrators)',
      description: 'The retired record comes back under its number; what the merge set on the survivor and on moved references goes back where nobody changed it since.',
      params: MergeParams, headers: WriteHeaders, body: UndoMergeBody,
      response: { 200: MergeSchema, ...problemsFor(403, 404, 409) },
    },
  }, async (request) => undoMerge(services, caller(request), request.params.id, request.body));
};
