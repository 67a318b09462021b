// Maps every error that can leave the server to an RFC 9457 problem document
// (`application/problem+json`, RFC 9457 §3): our ProblemErrors, schema validation failures (with
// the failing fields as JSON Pointers, §3.2 extension member `errors`), Fastify's own errors,
// errors Node's HTTP parser answers before Fastify routes anything (431, 414, 400), a wrong
// method on an existing resource (405 with Allow, RFC 9110 §15.5.6), a database that does not
// answer (503), and anything unexpected as a 500 that never shows a stack trace.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import FindMyWay from 'find-my-way';
import type { Socket } from 'node:net';
import { PROBLEM_MEDIA_TYPE, problemDocument, ProblemError, type FieldError, type ProblemKind } from '../problems.ts';

/** Called for every problem answered to an authenticated officer (the refusal audit). */
export type RefusalListener = (request: FastifyRequest, kind: ProblemKind, detail: string | undefined) => Promise<void>;

export async function sendProblem(reply: FastifyReply, kind: ProblemKind, detail?: string, extensions: Record<string, unknown> = {}) {
  const doc = problemDocument(kind, detail, extensions, reply.request.url);
  return reply.code(doc.status).type(PROBLEM_MEDIA_TYPE).send(doc);
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
  FST_ERR_MAX_PARAM_LENGTH: 'uri-too-long',
  FST_ERR_BAD_URL: 'malformed-request',
};

// SQLSTATE classes and driver codes that mean "the database is not there right now" rather than
// "this request is wrong" (PostgreSQL docs, Appendix A): class 08 connection exceptions,
// 53300 too_many_connections, 57P01–57P03 shutdown / cannot connect now.
const UNAVAILABLE = /^(08...|53300|57P0[123]|CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT|ECONNREFUSED|ECONNRESET)$/;

/** Options for Fastify's constructor: answers its framework and client errors as problems. */
export function problemServerOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: (error, _request, reply) => {
      const kind = FASTIFY_CODES[(error as FastifyError).code] ?? 'malformed-request';
      void sendProblem(reply, kind, error.message);
    },
    // Errors Node's HTTP parser raises before a request exists (RFC 6585 §5 for 431).
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
      const kind: ProblemKind = error.code === 'HPE_HEADER_OVERFLOW' ? 'header-fields-too-large'
        : error.code === 'HPE_URI_TOO_LONG' ? 'uri-too-long' : 'malformed-request';
      const doc = JSON.stringify(problemDocument(kind, error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'the request was not received in time' : undefined));
      const reason = kind === 'header-fields-too-large' ? 'Request Header Fields Too Large' : kind === 'uri-too-long' ? 'URI Too Long' : 'Bad Request';
      socket.end(`HTTP/1.1 ${problemDocument(kind).status} ${reason}\r\nConnection: close\r\nContent-Type: ${PROBLEM_MEDIA_TYPE}\r\n`
        + `Content-Length: ${Buffer.byteLength(doc)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n${doc}`);
    },
  };
}

export function installErrorHandling(app: FastifyInstance, onRefusal: RefusalListener): void {
  // Every route, all methods: a path that exists with other methods answers 405, not 404.
  const routes = FindMyWay({ ignoreTrailingSlash: false });
  app.addHook('onRoute', (route) => {
    // The web console's catch-all page route is not a resource of the API: it must not make every
    // unknown path "exist with GET".
    if ((route.schema as { hide?: boolean } | undefined)?.hide) return;
    for (const method of [route.method].flat()) {
      if (!routes.hasRoute(method as never, route.url)) routes.on(method as never, route.url, () => undefined);
    }
  });

  const answer = async (request: FastifyRequest, reply: FastifyReply, kind: ProblemKind, detail?: string, extensions?: Record<string, unknown>) => {
    if (request.officer) await onRefusal(request, kind, detail);
    return sendProblem(reply, kind, detail, extensions);
  };

  app.setErrorHandler(async (error: FastifyError & { validation?: AjvError[]; validationContext?: string }, request, reply) => {
    if (error instanceof ProblemError) {
      if (error.kind === 'login-throttled' && typeof error.extensions.retryAfter === 'number') reply.header('retry-after', String(error.extensions.retryAfter));
      return answer(request, reply, error.kind, error.detail, error.extensions);
    }
    if (error.validation) {
      const errors = fieldErrors(error.validationContext, error.validation);
      return answer(request, reply, 'validation-error', errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { errors });
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return answer(request, reply, mapped, error.message);
    if (error.statusCode === 429) return answer(request, reply, 'rate-limited', error.message);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return answer(request, reply, 'malformed-request', error.message);
    if (UNAVAILABLE.test(String(error.code ?? ''))) {
      request.log.error({ err: error }, 'database unavailable');
      return sendProblem(reply, 'service-unavailable', 'the database does not answer; try again shortly');
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(reply, 'internal-error', `request ${request.id} failed; the operators have the details in the log`);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => routes.find(m as never, path) !== null);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return answer(request, reply, 'method-not-allowed', `${request.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}`);
    }
    return answer(request, reply, 'not-found', `${request.method} ${path} does not exist`);
  });
}
