// The one catalogue of problem types (RFC 9457 §3): code, docs (docs/problems.md) and tests share
// it; a test keeps the three in step. `type` is a URI reference resolved against the API origin;
// GET on it returns the entry, so a client can look up what a problem means.
import Type from 'typebox';

export const PROBLEM_BASE = '/api/v1/problems/';

export const problems = {
  'validation-error': { status: 400, title: 'The request is not valid', code: 'CC-HTTP-001' },
  'malformed-request': { status: 400, title: 'The request body could not be parsed', code: 'CC-HTTP-002' },
  unauthenticated: { status: 401, title: 'Authentication is required', code: 'CC-AUTH-001' },
  'invalid-credentials': { status: 401, title: 'Username or password is wrong', code: 'CC-AUTH-002' },
  forbidden: { status: 403, title: 'Your role does not allow this', code: 'CC-AUTH-003' },
  'outside-jurisdiction': { status: 403, title: 'The person is outside your jurisdiction', code: 'CC-AUTH-004' },
  'not-found': { status: 404, title: 'No such resource', code: 'CC-HTTP-003' },
  'method-not-allowed': { status: 405, title: 'Method not allowed on this resource', code: 'CC-HTTP-004' },
  conflict: { status: 409, title: 'The request conflicts with the current state', code: 'CC-HTTP-005' },
  'precondition-failed': { status: 412, title: 'The resource changed since you read it', code: 'CC-HTTP-006' },
  'payload-too-large': { status: 413, title: 'The request body is too large', code: 'CC-HTTP-007' },
  'uri-too-long': { status: 414, title: 'The request URI is too long', code: 'CC-HTTP-013' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type', code: 'CC-HTTP-008' },
  'unknown-admin-unit': { status: 422, title: 'No such administrative unit on that date', code: 'CC-REG-001' },
  'invalid-id-number': { status: 422, title: 'The personal identification number is not valid', code: 'CC-REG-002' },
  'id-number-prefix-exhausted': { status: 409, title: 'No personal identification number is left for this prefix', code: 'CC-REG-003' },
  'life-event-not-allowed': { status: 409, title: 'This life event cannot be recorded for the person in their current state', code: 'CC-REG-004' },
  'duplicate-person': { status: 409, title: 'The person is already registered', code: 'CC-REG-005' },
  'unknown-person': { status: 422, title: 'A person the request refers to is not in the register', code: 'CC-REG-006' },
  'audit-entry-not-sequenced': { status: 409, title: 'The audit entry is not in the Merkle tree yet', code: 'CC-AUD-001' },
  'person-merged': { status: 404, title: 'The personal identification number was retired by a merge; the person\'s record continues under another number', code: 'CC-REG-007' },
  'merge-not-allowed': { status: 409, title: 'These two records cannot be merged', code: 'CC-REG-008' },
  'merge-undo-not-allowed': { status: 409, title: 'This merge cannot be undone', code: 'CC-REG-009' },
  'pair-already-decided': { status: 409, title: 'The duplicate pair was already decided', code: 'CC-QUA-001' },
  // card production (cards/production-service.ts)
  'card-batch-state': { status: 409, title: 'The production batch is not in a state that allows this', code: 'CC-CRD-101' },
  'no-approved-applications': { status: 409, title: 'No approved application of this office is waiting for production', code: 'CC-CRD-102' },
  'idempotency-key-reused': { status: 422, title: 'The Idempotency-Key was already used for a different request', code: 'CC-HTTP-015' },
  'precondition-required': { status: 428, title: 'The request must say which version it changes (If-Match)', code: 'CC-HTTP-012' },
  'rate-limited': { status: 429, title: 'Too many requests', code: 'CC-HTTP-009' },
  'login-throttled': { status: 429, title: 'Too many failed logins for this account; wait before trying again', code: 'CC-AUTH-005' },
  'header-fields-too-large': { status: 431, title: 'The request headers are too large', code: 'CC-HTTP-014' },
  'internal-error': { status: 500, title: 'Internal error', code: 'CC-HTTP-010' },
  'service-unavailable': { status: 503, title: 'Service temporarily unavailable', code: 'CC-HTTP-011' },
  'key-store-unavailable': { status: 503, title: 'The signing keys are not available', code: 'CC-PKI-001' },
  // card applications (cards/application-service.ts, biometrics.ts, appointments.ts)
  'photo-not-jpeg': { status: 422, title: 'The photo is not a JPEG image', code: 'CC-CAP-001' },
  'photo-too-small': { status: 422, title: 'The photo has too few pixels', code: 'CC-CAP-002' },
  'photo-bad-aspect': { status: 422, title: 'The photo is not a 3:4 portrait', code: 'CC-CAP-003' },
  'photo-too-large': { status: 413, title: 'The photo file is too large', code: 'CC-CAP-004' },
  'photo-poor-quality': { status: 422, title: 'The photo is not usable (nearly uniform, too dark or washed out)', code: 'CC-CAP-005' },
  'fingerprint-image-invalid': { status: 422, title: 'A fingerprint image is not a WSQ, PNG, JPEG or JPEG 2000 image', code: 'CC-CAP-006' },
  'open-application-exists': { status: 409, title: 'The person already has an open card application', code: 'CC-CAP-007' },
  'application-status-conflict': { status: 409, title: 'The card application is not in a status that allows this', code: 'CC-CAP-008' },
  'own-application': { status: 403, title: 'An officer never decides an application they took (four eyes)', code: 'CC-CAP-009' },
  'slot-full': { status: 409, title: 'The appointment day of this office is full', code: 'CC-CAP-010' },
  'citizen-not-identified': { status: 422, title: 'The citizen could not be identified in the register', code: 'CC-CAP-011' },
  'biometrics-not-collected': { status: 409, title: 'No biometrics are collected for a child under 6', code: 'CC-CAP-012' },
  // Card hand-over and lifecycle, public card status (cards/lifecycle.ts)
  'invalid-card-number': { status: 400, title: 'The card number is not valid: 10 digits, the last the check digit of the first nine', code: 'CC-CRD-301' },
  'card-state-conflict': { status: 409, title: 'The card is not in a state that allows this', code: 'CC-CRD-302' },
  'card-claim-mismatch': { status: 422, title: 'The card number, ID number and date of birth do not belong to one card holder', code: 'CC-CRD-303' },
} as const satisfies Record<string, { status: number; title: string; code: string }>;

export type ProblemKind = keyof typeof problems;

/** One failing input field, as JSON Pointer into the request (RFC 6901) and a message. */
export interface FieldError { pointer: string; message: string }

/** A domain error that leaves the API as a problem document (RFC 9457). */
export class ProblemError extends Error {
  readonly kind: ProblemKind;
  readonly detail?: string;
  readonly extensions: Record<string, unknown>;
  constructor(kind: ProblemKind, detail?: string, extensions: Record<string, unknown> = {}) {
    super(detail ?? problems[kind].title);
    this.name = 'ProblemError';
    this.kind = kind;
    this.detail = detail;
    this.extensions = extensions;
  }
  get status(): number {
    return problems[this.kind].status;
  }
}

export function problemDocument(kind: ProblemKind, detail?: string, extensions: Record<string, unknown> = {}, instance?: string) {
  const p = problems[kind];
  // RFC 9457 §3.2: extensions add members; they never replace the standard ones (an extension
  // named `status` would otherwise change the answer's status), so they come first.
  return {
    ...extensions,
    type: PROBLEM_BASE + kind,
    title: p.title,
    status: p.status,
    code: p.code,
    ...(detail ? { detail } : {}),
    ...(instance ? { instance } : {}),
  };
}

/** The problem document's schema (RFC 9457 §3), shared by every route's error responses. */
export const ProblemSchema = Type.Object({
  type: Type.String({ description: 'URI reference of the problem type; GET it for its description' }),
  title: Type.String(),
  status: Type.Integer({ minimum: 400, maximum: 599 }),
  code: Type.String({ description: 'stable code, e.g. CC-HTTP-001 (docs/problems.md)' }),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), message: Type.String() }), {
    description: 'validation problems: each failing input as a JSON Pointer into the request (/body/…, /querystring/…, /params/…, /headers/…)',
  })),
}, {
  $id: 'Problem',
  description: 'RFC 9457 problem document; see docs/problems.md',
  // Extension members (RFC 9457 §3.2) of particular problem types pass through.
  additionalProperties: true,
});

/** Media type of every error answer (RFC 9457 §3). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** A route's error answers for the given statuses, each a problem document of PROBLEM_MEDIA_TYPE. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((status) => [status, problemResponse(status)]));
}

export function problemResponse(status: number) {
  const kinds = Object.entries(problems).filter(([, p]) => p.status === status).map(([k]) => k);
  return {
    description: kinds.length > 0 ? `problem: ${kinds.join(', ')}` : 'problem document',
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: 'Problem#' } } },
  };
}
