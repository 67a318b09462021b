// Maps every error that can leave a route to an RFC 9457 problem document
// (`application/problem+json`): our ProblemErrors, schema validation failures (with the failing
// fields as JSON Pointers, RFC 9457 §3.2 extension member `errors`), Fastify's own errors, and
// anything unexpected as a 500 that never shows a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemDocument, ProblemError, type FieldError, type ProblemKind } from '../problems.ts';

export function sendProblem(reply: FastifyReply, kind: ProblemKind, detail?: string, extensions: Record<string, unknown> = {}) {
  const doc = problemDocument(kind, detail, extensions, reply.request.url);
  return reply.code(doc.status).type('application/problem+json').send(doc);
}

interface AjvError { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }

function fieldErrors(context: string | undefined, errors: AjvError[]): FieldError[] {
  return errors.map((e) => {
    let pointer = `/${context ?? 'body'}${e.instancePath}`;
    if (e.keyword === 'required') pointer += `/${String(e.params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') pointer += `/${String(e.params.additionalProperty)}`;
    const message = e.keyword === 'additionalProperties' ? 'is not an allowed field' : e.keyword === 'required' ? 'is required' : e.message ?? 'is not valid';
    return { pointer, message };
  });
}

const FASTIFY_CODES: Record<string, ProblemKind> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_NOT_FOUND: 'not-found',
};

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ProblemError) return sendProblem(reply, error.kind, error.detail, error.extensions);
    if (error.validation) {
      const errors = fieldErrors(error.validationContext, error.validation);
      return sendProblem(reply, 'validation-error', errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { errors });
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendProblem(reply, mapped, error.message);
    if (error.statusCode === 429) return sendProblem(reply, 'rate-limited', error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, 'malformed-request', error.message);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(reply, 'internal-error', `request ${request.id} failed; the operators have the details in the log`);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 'not-found', `${request.method} ${request.url} does not exist`));
}
