// The officer's session: the bearer token from POST /auth/login, kept in sessionStorage (it ends
// with the browser tab, and is never in localStorage where it would outlive the working day).
// When the API answers 401 the session is over (expired after 8 h, revoked, signed out elsewhere):
// the officer is sent to sign in, and back to the page they were on afterwards.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { call, onSessionEnded, setToken } from './api/client.ts';
import type { Login, Officer } from './api/types.ts';
import { navigate } from './router.tsx';

const KEY = 'cancuoc.session';

interface Stored { token: string; officer: Officer }

function load(): Stored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? JSON.parse(raw) as Stored : null;
  } catch {
    return null;
  }
}

interface Session {
  officer: Officer | null;
  signIn(username: string, password: string): Promise<Officer>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function signInPath(reason: 'expired' | 'signed-out' | null, next?: string): string {
  const q = new URLSearchParams();
  if (reason) q.set('reason', reason);
  if (next && next !== '/' && !next.startsWith('/sign-in')) q.set('next', next);
  const s = q.toString();
  return `/sign-in${s ? `?${s}` : ''}`;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<Stored | null>(() => {
    const s = load();
    setToken(s?.token ?? null);
    return s;
  });

  const end = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setToken(null);
    setStored(null);
  }, []);

  useEffect(() => {
    onSessionEnded(() => {
      end();
      navigate(signInPath('expired', location.pathname + location.search), { replace: true });
    });
  }, [end]);

  const value = useMemo<Session>(() => ({
    officer: stored?.officer ?? null,
    async signIn(username, password) {
      const { data } = await call<Login>('POST', '/auth/login', { body: { username, password } });
      const s = { token: data.accessToken, officer: data.officer };
      sessionStorage.setItem(KEY, JSON.stringify(s));
      setToken(s.token);
      setStored(s);
      return s.officer;
    },
    async signOut() {
      try {
        await call('POST', '/auth/logout');
      } catch { /* already ended on the server */ }
      end();
      navigate(signInPath('signed-out'), { replace: true });
    },
  }), [stored, end]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export type Role = Officer['role'];
export const canReadPersons = (o: Officer) => o.role !== 'auditor';
export const canSeeDashboards = (o: Officer) => ['admin', 'central', 'province'].includes(o.role);
/** Where an officer starts: the search, or the access log for an auditor. */
export const homeOf = (o: Officer) => (canReadPersons(o) ? '/persons' : '/audit');
export const canReadAudit = (o: Officer) => ['admin', 'central', 'auditor'].includes(o.role);
