// The form rules of the console: the request schemas of the API's OpenAPI document (bodies and
// query strings), with their $refs resolved, keyed "METHOD /path". The browser validates what an
// officer types against these (src/forms/validate.ts), so the console checks exactly what the API
// will check, and a rule changed in the server changes the console at its next build.
type Json = Record<string, unknown>;

function resolve(doc: Json, node: unknown, depth = 0): unknown {
  if (depth > 20 || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => resolve(doc, n, depth + 1));
  const ref = (node as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    const target = ref.slice(2).split('/').reduce<unknown>((o, k) => (o as Json)?.[k], doc);
    return resolve(doc, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(node as Json).map(([k, v]) => [k, resolve(doc, v, depth + 1)]));
}

export function formRules(doc: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [p, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item) as [string, Json][]) {
      const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined;
      const query = (op.parameters as Json[] | undefined)?.filter((x) => x.in === 'query');
      if (!body && !query?.length) continue;
      out[`${method.toUpperCase()} ${p}`] = resolve(doc, {
        ...(body ? { body: body.schema } : {}),
        ...(query?.length ? {
          querystring: {
            type: 'object',
            properties: Object.fromEntries(query.map((x) => [x.name, x.schema])),
            required: query.filter((x) => x.required).map((x) => x.name),
          },
        } : {}),
      }) as Json;
    }
  }
  return out;
}
