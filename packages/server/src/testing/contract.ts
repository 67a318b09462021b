// The API contract as an outside consumer checks it: every answer the end-to-end tests receive is
// validated against the OpenAPI document the server serves — its status must be declared for
// that operation, its media type declared for that status, and its body valid against the
// declared schema. createTestApp() applies this to every request a test injects, so a route
// cannot answer what the document does not say.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';

interface OpenApiDocument { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> }

export interface Answer { method: string; url: string; status: number; contentType: string | undefined; body: string }

export class ContractChecker {
  readonly #doc: OpenApiDocument;
  readonly #ajv: Ajv2020;
  readonly #router = FindMyWay({ maxParamLength: 100_000 });
  readonly #validators = new Map<string, ReturnType<Ajv2020['compile']>>();

  constructor(doc: OpenApiDocument) {
    this.#doc = doc;
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats.default(this.#ajv);
    this.#ajv.addSchema({ ...(doc as object), $id: 'openapi.json' });
    for (const [template, ops] of Object.entries(doc.paths)) {
      const route = template.replace(/\{([^}]+)\}/g, ':$1');
      for (const method of Object.keys(ops)) {
        this.#router.on(method.toUpperCase() as never, route, () => undefined, { template });
      }
    }
  }

  static async of(app: FastifyInstance): Promise<ContractChecker> {
    await app.ready();
    return new ContractChecker(app.swagger() as unknown as OpenApiDocument);
  }

  /** Throws with a precise reason when the answer is not what the document declares. */
  check(a: Answer): void {
    const path = a.url.split('?')[0]!;
    const method = a.method.toUpperCase() === 'HEAD' ? 'GET' : a.method.toUpperCase();
    const found = this.#router.find(method as never, path);
    const where = `${a.method} ${path} → ${a.status}`;
    if (!found) {
      // Not an operation (404 for an unknown path, 405 for a known path and another method, 401
      // before either, 400 for an undecodable path): still a problem document.
      if ([400, 401, 404, 405].includes(a.status) && a.contentType?.startsWith('application/problem+json')) return;
      throw new Error(`${where}: no operation in the OpenAPI document`);
    }
    const template = (found.store as { template: string }).template;
    const responses = this.#doc.paths[template]![method.toLowerCase()]!.responses ?? {};
    const declared = responses[String(a.status)];
    if (!declared) throw new Error(`${where}: status ${a.status} is not declared (declared: ${Object.keys(responses).join(', ')})`);
    if (a.body === '' || a.method.toUpperCase() === 'HEAD') return;
    const mediaType = (a.contentType ?? '').split(';')[0]!.trim();
    const content = declared.content ?? {};
    if (!(mediaType in content)) throw new Error(`${where}: media type ${mediaType || '(none)'} is not declared (declared: ${Object.keys(content).join(', ') || 'no body'}): ${a.body.slice(0, 300)}`);
    if (!mediaType.includes('json')) return;
    const pointer = ['paths', template, method.toLowerCase(), 'responses', String(a.status), 'content', mediaType, 'schema']
      .map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const key = `openapi.json#/${pointer}`;
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: key });
      this.#validators.set(key, validate);
    }
    const body: unknown = JSON.parse(a.body);
    if (!validate(body)) {
      throw new Error(`${where}: body does not match the declared schema: ${this.#ajv.errorsText(validate.errors)}\n${a.body.slice(0, 500)}`);
    }
  }
}

/** Wraps app.inject so that every answer under /api/ is checked against the document. */
export async function checkEveryAnswer(app: FastifyInstance): Promise<ContractChecker> {
  const checker = await ContractChecker.of(app);
  const inject = app.inject.bind(app);
  (app as unknown as { inject: unknown }).inject = async (options: string | { url?: string; path?: string; method?: string }) => {
    const res = await inject(options as never);
    const url = typeof options === 'string' ? options : options.url ?? options.path ?? '';
    const method = typeof options === 'string' ? 'GET' : options.method ?? 'GET';
    if (url.startsWith('/api/') && !url.startsWith('/api/docs')) {
      checker.check({ method, url, status: res.statusCode, contentType: res.headers['content-type'] as string | undefined, body: res.body });
    }
    return res;
  };
  return checker;
}
