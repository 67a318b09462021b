// Names for the API's shapes the console uses, all taken from the types generated from the
// OpenAPI document (src/generated/api.d.ts): when the API changes, the console stops compiling
// where it no longer fits.
import type { paths } from '../generated/api.d.ts';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<Op> = Op extends { responses: { 200: infer R } } ? Json<R> : Op extends { responses: { 201: infer R } } ? Json<R> : never;
type Body<Op> = Op extends { requestBody: { content: { 'application/json': infer B } } } ? B : Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type Person = Ok<paths['/api/v1/persons/{idNumber}']['get']>;
export type SearchQuery = Query<paths['/api/v1/persons']['get']>;
export type SearchResult = Ok<paths['/api/v1/persons']['get']>;
export type SearchItem = SearchResult['items'][number];
export type UnitView = NonNullable<SearchItem['currentResidence']>;
export type Household = Ok<paths['/api/v1/households/{id}']['get']>;
export type History = Ok<paths['/api/v1/persons/{idNumber}/history']['get']>;
export type Events = Ok<paths['/api/v1/persons/{idNumber}/events']['get']>;
export type Officer = Ok<paths['/api/v1/auth/me']['get']>;
export type Login = Ok<paths['/api/v1/auth/login']['post']>;
export type ConsoleConfig = Ok<paths['/api/v1/console/config']['get']>;
export type AdminUnits = Ok<paths['/api/v1/admin-units']['get']>;
export type AdminUnit = AdminUnits['items'][number];
export type AdminUnitDetail = Ok<paths['/api/v1/admin-units/{id}']['get']>;
export type Population = Ok<paths['/api/v1/statistics/population']['get']>;
export type VitalEvents = Ok<paths['/api/v1/statistics/vital-events']['get']>;
export type Completeness = Ok<paths['/api/v1/statistics/completeness']['get']>;
export type AuditVerify = Ok<paths['/api/v1/audit/verify']['get']>;
export type AuditQuery = Query<paths['/api/v1/audit']['get']>;

export type BirthBody = Body<paths['/api/v1/births']['post']>;
export type ResidenceBody = Body<paths['/api/v1/persons/{idNumber}/residence']['post']>;
export type MarriageBody = Body<paths['/api/v1/persons/{idNumber}/marriage']['post']>;
export type DeathBody = Body<paths['/api/v1/persons/{idNumber}/death']['post']>;
export type CorrectionBody = Body<paths['/api/v1/persons/{idNumber}']['patch']>;

/**
 * An entry of GET /audit. The document declares no 200 schema for it yet (issue 24 adds it);
 * this is what the route returns (packages/server/src/audit/routes.ts).
 */
export interface AuditEntry {
  seq: string; at: string; actor: string; actorUsername: string | null; action: string;
  subject: string | null; requestId: string | null; details: Record<string, unknown>; leafIndex: string | null;
}

/** An RFC 9457 problem document as the API sends it (docs/problems.md). */
export interface Problem {
  type: string; title: string; status: number; code: string; detail?: string;
  errors?: { pointer: string; message: string }[];
  reason?: string;
  [extension: string]: unknown;
}

export type DuplicatePairs = Ok<paths['/api/v1/quality/pairs']['get']>;
export type DuplicatePair = DuplicatePairs['items'][number];
export type DuplicatePairsQuery = Query<paths['/api/v1/quality/pairs']['get']>;
export type DuplicatePairDetail = Ok<paths['/api/v1/quality/pairs/{id}']['get']>;
export type DuplicateDecision = Ok<paths['/api/v1/quality/pairs/{id}/decision']['post']>;
