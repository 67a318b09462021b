// Loading state for a page's reads: data, the ApiError if it failed, and a reload. A newer call
// aborts the older one, so a fast typist never sees an older answer replace a newer one.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';

export interface Loaded<T> { data: T | undefined; error: ApiError | undefined; loading: boolean; reload(): void }

export function useApi<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: load !== null });
  const [tick, setTick] = useState(0);
  const current = useRef<AbortController | null>(null);
  useEffect(() => {
    current.current?.abort();
    if (!load) {
      setState({ loading: false });
      return;
    }
    const ctl = new AbortController();
    current.current = ctl;
    setState((s) => ({ data: s.data, loading: true }));
    load(ctl.signal).then(
      (data) => { if (!ctl.signal.aborted) setState({ data, loading: false }); },
      (error: unknown) => {
        if (ctl.signal.aborted) return;
        setState({ loading: false, error: error instanceof ApiError ? error : new ApiError({ type: 'about:blank', title: String(error), status: 0, code: 'CLIENT' }) });
      },
    );
    return () => ctl.abort();
    // Deliberately keyed by the listed dependencies, not by the (new each render) loader.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // Between a render that enables the call and the effect that starts it, it is loading too.
  const pending = load !== null && state.data === undefined && state.error === undefined;
  return { data: state.data, error: state.error, loading: state.loading || pending, reload };
}
