// Error answers as the OpenAPI document should declare them: each status an operation can answer,
// served as `application/problem+json` (RFC 9457 §3) with the problem schema. Routes that list
// their statuses with this need no `4XX`/`5XX` catch-all for them.
import { ProblemSchema } from './schemas.ts';

const { $id: _omit, ...problemShape } = ProblemSchema as unknown as Record<string, unknown>;

const DESCRIPTIONS: Record<number, string> = {
  400: 'the request is not valid (`errors` lists each field as a JSON Pointer)',
  401: 'no valid bearer token',
  403: 'the role or jurisdiction does not allow this',
  404: 'no such resource',
  409: 'conflicts with the current state',
  422: 'refers to something that does not exist',
  429: 'too many requests',
};

export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(statuses.map((s) => [s, {
    description: DESCRIPTIONS[s] ?? 'problem document (docs/problems.md)',
    content: { 'application/problem+json': { schema: { ...problemShape, additionalProperties: true } } },
  }]));
}
