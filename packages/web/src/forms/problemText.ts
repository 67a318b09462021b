// A problem's title in the officer's language, by its type (docs/problems.md); the server's own
// `detail` (English) is shown beneath where it adds something.
import type { TFunction } from 'i18next';
import type { Problem } from '../api/types.ts';

export function problemText(t: TFunction, p: Problem): string {
  const kind = p.type.split('/').pop() ?? '';
  const key = `problem.${kind}`;
  const text = t(key);
  return text === key ? p.title : text;
}
