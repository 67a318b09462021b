// A small history-API router: the console has a dozen pages and needs paths, links, the back
// button and "return to where the officer was" after sign-in — not a routing framework.
import { forwardRef, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
let arriving: (url: URL) => void = () => {};

/**
 * Called with each new address before the pages re-render for it: App.tsx starts the new page's
 * main read there, so that the request is on its way while React renders the page.
 */
export function onArriving(handler: (url: URL) => void): void {
  arriving = handler;
}
function arrive(): void {
  try {
    arriving(new URL(location.href));
  } catch { /* the page asks for its data itself all the same */ }
}

window.addEventListener('popstate', () => {
  arrive();
  notify();
});

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const moved = new URL(to, location.href).href !== location.href;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  if (moved) arrive();
  notify();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const snapshot = () => location.pathname + location.search;

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; query: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, location.origin);
  return { path: url.pathname, query: url.searchParams, href };
}

export const Link = forwardRef<HTMLAnchorElement, AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }>(function Link({ href, onClick, ...rest }, ref) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    e.preventDefault();
    navigate(href);
  };
  return <a ref={ref} href={href} onClick={click} {...rest} />;
});

/** Matches a path against a pattern with `:name` segments; the parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp('^' + pattern.replace(/:([a-zA-Z]+)/g, (_m, n: string) => {
    names.push(n);
    return '([^/]+)';
  }) + '/?$');
  const m = re.exec(path);
  if (!m) return null;
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
}
