// Checks a request against the API's own JSON Schema for it (build/rules.ts extracts them from the
// OpenAPI document), so the console refuses exactly what the API would refuse, as one types. It
// covers the keywords the API's request schemas use: type (with null), required, properties,
// additionalProperties, minLength, maxLength, pattern (Unicode), enum, format date, minProperties,
// maxItems and items. The server remains the judge: anything this misses comes back as a problem
// and is shown next to its field too.
import rules from '../generated/rules.json';
import type { Schema } from './schema-check.ts';

export { validate, type Issue, type Schema } from './schema-check.ts';

export function ruleFor(operation: string, part: 'body' | 'querystring' = 'body'): Schema {
  const r = (rules as Record<string, Record<string, Schema>>)[operation]?.[part];
  if (!r) throw new Error(`no API rule for ${operation} ${part}`);
  return r;
}

