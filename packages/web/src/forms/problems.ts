// Where a problem document's field errors go: `errors[].pointer` (RFC 6901 JSON Pointers into the
// request, e.g. /body/fullName, /body/permanentResidence/unitId) → the message for that field.
import type { Problem } from '../api/types.ts';

export function fieldErrors(problem: Problem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem.errors ?? []) {
    out[e.pointer] = out[e.pointer] ? `${out[e.pointer]}; ${e.message}` : e.message;
  }
  return out;
}
