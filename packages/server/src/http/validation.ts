// Request validation at the edge (DESIGN.md §5): every route's TypeBox schema is compiled by Ajv,
// and text that no field of ours may hold is refused before the schema or the database sees it.
//
// Two Ajv instances, because coercion is right for one part of a request and wrong for the other:
//   - querystring, params and headers arrive as text, so "20" must become the integer 20;
//   - a JSON body already carries its types: `{"username": ["admin"]}` is an array, and coercing
//     it into "admin" (Ajv's coerceTypes: 'array', which Fastify's default applies everywhere)
//     would accept a request the schema says is wrong. Bodies are validated as sent.
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError, type FieldError } from '../problems.ts';

const COMMON: Options = {
  allErrors: true,
  removeAdditional: false,
  useDefaults: true,
  // Nullable values are type lists (schema-primitives.ts Nullable).
  allowUnionTypes: true,
  // TypeBox adds keywords such as `~kind` that Ajv does not know.
  strict: false,
};

function ajvWith(options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options });
  addFormats.default(ajv);
  return ajv;
}

export function installValidation(app: FastifyInstance): void {
  const forBody = ajvWith({ coerceTypes: false });
  // `true`, not 'array': a repeated query parameter (?name=a&name=b) is an array and stays one,
  // so a field that takes one value refuses it instead of silently keeping the first.
  const forText = ajvWith({ coerceTypes: true });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? forBody : forText).compile(schema));
  app.addHook('preValidation', async (request) => refuseUnstorableText(request));
}

// ---- text no field may hold ----

// U+0000 cannot be stored in PostgreSQL text (it answers 22021 "invalid byte sequence"), and a
// lone UTF-16 surrogate (JSON allows "\ud800") has no UTF-8 encoding: the driver would store
// U+FFFD instead, silently changing what was sent. Both are refused with the field that holds
// them. Headers cannot carry either (Node's parser refuses them) and are not walked.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuseUnstorableText(request: FastifyRequest): void {
  const errors: FieldError[] = undecodableQuery(request.raw.url ?? '');
  walk(request.params, '/params', errors);
  walk(request.query, '/querystring', errors);
  walk(request.body, '/body', errors);
  if (errors.length > 0) {
    throw new ProblemError('validation-error', errors.map((e) => `${e.pointer} ${e.message}`).join('; '), { errors });
  }
}

/**
 * Percent-encoded bytes that are not UTF-8 (`%ED%A0%80`, a lone `%`): the query-string parser
 * would quietly turn them into U+FFFD, so the request would ask for something else than was
 * sent. Refused instead, naming the parameter (RFC 3986 §2.1, §2.5: text is UTF-8 encoded).
 */
function undecodableQuery(url: string): FieldError[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const errors: FieldError[] = [];
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const name = safeDecode(rawName.replace(/\+/g, ' '));
    if (name === undefined || safeDecode(rawValue.replace(/\+/g, ' ')) === undefined) {
      errors.push({ pointer: `/querystring/${escapePointer(name ?? rawName)}`, message: 'is not valid percent-encoded UTF-8' });
    }
  }
  return errors;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function walk(value: unknown, pointer: string, errors: FieldError[], depth = 0): void {
  if (errors.length >= 20 || depth > 64) return;
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) {
      errors.push({ pointer, message: value.includes('\u0000') ? 'must not contain a NUL character (U+0000)' : 'must not contain an unpaired UTF-16 surrogate' });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${pointer}/${i}`, errors, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (UNSTORABLE.test(k)) errors.push({ pointer: `${pointer}/${escapePointer(k.replace(UNSTORABLE, '\uFFFD'))}`, message: 'field name must not contain a NUL character or an unpaired surrogate' });
      else walk(v, `${pointer}/${escapePointer(k)}`, errors, depth + 1);
    }
  }
}
