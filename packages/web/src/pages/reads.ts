// The main read of the pages a gesture can open before they are rendered (src/api/early.ts): kept
// here, outside the lazily loaded pages, so the entry chunk can start them.
import type { Read } from '../api/early.ts';

export const PAGE_SIZE = 20;
export const MAX_PAGES = 50; // the API pages up to offset 1000

/** GET /persons/{id}: the person page, and a search by ID number. */
export const personRead = (idNumber: string): Read => ({ path: `/persons/${idNumber}` });

export type SearchKind = { kind: 'none' } | { kind: 'id'; idNumber: string } | { kind: 'old-id' } | { kind: 'name'; name: string };

/** What the search box holds: a 12-digit ID number, an old 9-digit one, a name, or nothing to ask. */
export function classify(q: string): SearchKind {
  const s = q.trim();
  if (!s) return { kind: 'none' };
  const digits = s.replace(/\s/g, '');
  if (/^\d{12}$/.test(digits)) return { kind: 'id', idNumber: digits };
  if (/^\d{9}$/.test(digits)) return { kind: 'old-id' };
  if (/^\d+$/.test(digits)) return { kind: 'none' };
  return { kind: 'name', name: s };
}

/** The search page's one page of results for the address ?q=&dob=&page= (null: nothing to ask). */
export function searchRead(query: URLSearchParams): Read | null {
  const q = query.get('q') ?? '';
  const dob = query.get('dob') ?? '';
  const kind = classify(q);
  if (kind.kind === 'id') return personRead(kind.idNumber);
  if (kind.kind !== 'name') return null;
  // One result beyond the page only says whether there is a next page.
  return { path: '/persons', query: { name: kind.name, birthDate: dob || undefined, limit: PAGE_SIZE + 1, offset: (searchPage(query) - 1) * PAGE_SIZE } };
}

export const searchPage = (query: URLSearchParams) => Math.min(MAX_PAGES, Math.max(1, Number(query.get('page') ?? 1) || 1));
