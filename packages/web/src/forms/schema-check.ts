// Checks a value against a JSON Schema of the API (the keywords its request schemas use: type
// with null, required, properties, minLength, maxLength, pattern (Unicode), enum, format date,
// maxItems, items). Pure: the console's forms (validate.ts) and the tests share it.
export interface Schema {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; additionalProperties?: boolean;
  minLength?: number; maxLength?: number; pattern?: string; enum?: unknown[]; format?: string; items?: Schema;
  maxItems?: number; minProperties?: number; minimum?: number; maximum?: number;
}

export type Issue = { key: 'required' | 'tooShort' | 'tooLong' | 'pattern' | 'badDate' | 'choose'; n?: number };

const patterns = new Map<string, RegExp>();
const regex = (p: string) => {
  let r = patterns.get(p);
  if (!r) patterns.set(p, (r = new RegExp(p, 'u')));
  return r;
};

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/** Every issue of `value` against `schema`, keyed by JSON Pointer from `at` (e.g. /body/fullName). */
export function validate(schema: Schema, value: unknown, at = '/body', out: Record<string, Issue> = {}): Record<string, Issue> {
  const types = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type];
  const t = typeOf(value);
  if (types && !types.includes(t) && !(t === 'integer' && types.includes('number'))) {
    out[at] = { key: 'pattern' };
    return out;
  }
  if (schema.enum && !schema.enum.includes(value)) out[at] = { key: 'choose' };
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) out[at] = length === 0 ? { key: 'required' } : { key: 'tooShort', n: schema.minLength };
    else if (schema.maxLength !== undefined && length > schema.maxLength) out[at] = { key: 'tooLong', n: schema.maxLength };
    else if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) out[at] = { key: 'badDate' };
    else if (schema.pattern && !regex(schema.pattern).test(value)) out[at] = { key: 'pattern' };
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out[at] = { key: 'tooLong', n: schema.maxItems };
    if (schema.items) value.forEach((v, i) => validate(schema.items!, v, `${at}/${i}`, out));
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (obj[name] === undefined) out[`${at}/${name}`] = { key: 'required' };
    for (const [name, v] of Object.entries(obj)) {
      const sub = schema.properties?.[name];
      if (sub) validate(sub, v, `${at}/${name}`, out);
    }
  }
  return out;
}
