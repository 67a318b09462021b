// Names for the card API's shapes (docs/api.md "Identity card applications", "Cards: hand-over,
// lifecycle, status"), taken from the types generated from the OpenAPI document like types.ts.
import type { paths } from '../generated/api.d.ts';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<Op> = Op extends { responses: { 200: infer R } } ? Json<R> : Op extends { responses: { 201: infer R } } ? Json<R> : never;
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type CardApplication = Ok<paths['/api/v1/card-applications/{id}']['get']>;
export type CardApplications = Ok<paths['/api/v1/card-applications']['get']>;
export type CardApplicationItem = CardApplications['items'][number];
export type CardApplicationsQuery = Query<paths['/api/v1/card-applications']['get']>;
export type CardApplicationStatus = CardApplication['status'];
export type CardKind = CardApplication['kind'];
export type CardChecks = Ok<paths['/api/v1/card-applications/{id}/checks']['post']>;
export type Finger = CardApplication['fingerprints'][number];
export type PersonCards = Ok<paths['/api/v1/persons/{idNumber}/cards']['get']>;
export type Card = Ok<paths['/api/v1/cards/{cardNumber}']['get']>;
export type CardStatus = Card['status'];
export type HandOver = Ok<paths['/api/v1/cards/{cardNumber}/hand-over']['post']>;

/** Statuses of an application still on its way to a card (docs/cards.md: received → … → handed_over). */
export const OPEN_STATUSES: readonly CardApplicationStatus[] = ['received', 'verified', 'approved', 'in_production', 'produced'];
export const APPLICATION_STATUSES: readonly CardApplicationStatus[] = ['received', 'verified', 'approved', 'rejected', 'cancelled', 'in_production', 'produced', 'handed_over'];
export const KINDS: readonly CardKind[] = ['first', 'renewal', 'reissue', 'lost'];
export const REISSUE_REASONS = ['name-change', 'birth-date-change', 'features-change', 'sex-redetermination', 'printing-error',
  'unit-change', 'new-id-number', 'damaged', 'regained-citizenship'] as const;
export const MISSING_REASONS = ['amputated', 'bandaged', 'congenital', 'injured', 'unusable'] as const;
/** Every automatic check (packages/server/src/cards/application-checks.ts), in the order docs/cards.md lists them. */
export const CHECK_CODES = ['person-not-found', 'person-deceased', 'person-missing', 'not-born', 'id-number-inconsistent', 'declared-change-not-recorded',
  'reissue-reason-without-change', 'other-open-application', 'active-card-exists', 'no-card-to-renew', 'renewal-not-due', 'birth-date-incomplete',
  'photo-missing', 'fingerprints-missing', 'receiving-unit-abolished'] as const;
