// Reads started by the gesture that needs them, before React renders the page that shows them:
// pressing Enter on a search or clicking a person starts that page's main GET at once, and the
// page, once rendered, takes the answer on its way instead of asking again. Rendering the
// navigation (the old page out, the new one in) then overlaps the request instead of preceding it
// (bench:web: Enter → request sent, click → page painted). Only explicit gestures start one —
// never hovering — since the API audits every read of a person.
import { get, type RequestOptions } from './client.ts';

/** A GET the page will make: its path and query, exactly as the page asks for it. */
export interface Read { path: string; query?: RequestOptions['query'] }

interface Started { promise: Promise<unknown>; ctl: AbortController; timer: ReturnType<typeof setTimeout> }

// A page takes its read while rendering the navigation that started it; one left untaken (the
// navigation was cancelled or went elsewhere) is aborted soon after, so no stale answer is kept.
const UNTAKEN_MS = 3_000;
const started = new Map<string, Started>();

const keyOf = (r: Read) => `${r.path}?${JSON.stringify(r.query ?? {})}`;

/** Starts `r` now, unless the same read is already on its way. */
export function startRead(r: Read): void {
  const key = keyOf(r);
  if (started.has(key)) return;
  const ctl = new AbortController();
  const promise = get<unknown>(r.path, { query: r.query, signal: ctl.signal });
  promise.catch(() => { /* handled by the page that takes it; an untaken failure is dropped */ });
  const timer = setTimeout(() => {
    started.delete(key);
    ctl.abort();
  }, UNTAKEN_MS);
  started.set(key, { promise, ctl, timer });
}

/** GET `r`: the answer of the same read started early if there is one, else a new request. */
export function read<T>(r: Read, signal: AbortSignal): Promise<T> {
  const key = keyOf(r);
  const s = started.get(key);
  if (!s) return get<T>(r.path, { query: r.query, signal });
  started.delete(key);
  clearTimeout(s.timer);
  // The page's own abort (a newer query, leaving the page) ends the early request too.
  if (signal.aborted) s.ctl.abort();
  else signal.addEventListener('abort', () => s.ctl.abort(), { once: true });
  return s.promise as Promise<T>;
}
