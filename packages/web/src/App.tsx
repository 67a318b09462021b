// The console's pages and who may open them (docs/web.md "Pages").
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { Shell } from './components/Shell.tsx';
import { Loading } from './components/States.tsx';
import { Forbidden, NotFound } from './pages/NotFound.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { startRead, type Read } from './api/early.ts';
import { personRead, searchRead } from './pages/reads.ts';
import { match, navigate, onArriving, useLocation } from './router.tsx';
import { canReadAudit, canReadPersons, canSeeDashboards, homeOf, signInPath, useSession } from './session.tsx';
import type { Officer } from './api/types.ts';

const loadPersonPage = () => import('./pages/PersonPage.tsx');
const PersonPage = lazy(loadPersonPage);
const BirthPage = lazy(() => import('./pages/BirthPage.tsx'));
const PersonActionPage = lazy(() => import('./pages/PersonActionPage.tsx'));
const UnitsPage = lazy(() => import('./pages/UnitsPage.tsx'));
const DashboardsPage = lazy(() => import('./dashboards/DashboardsPage.tsx'));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx'));
const DuplicatesPage = lazy(() => import('./pages/DuplicatesPage.tsx'));
const DuplicatePairPage = lazy(() => import('./pages/DuplicatePairPage.tsx'));
const CardApplicationsPage = lazy(() => import('./pages/cards/ApplicationsPage.tsx'));
const NewCardApplicationPage = lazy(() => import('./pages/cards/NewApplicationPage.tsx'));
const CardApplicationPage = lazy(() => import('./pages/cards/ApplicationPage.tsx'));
const CardPage = lazy(() => import('./pages/cards/CardPage.tsx'));

interface Route {
  pattern: string;
  page: ComponentType<{ params: Record<string, string> }>;
  allowed?: (o: Officer) => boolean;
  /** The page's main read, started as soon as the address changes to it (src/api/early.ts). */
  read?: (params: Record<string, string>, query: URLSearchParams) => Read | null;
}

const ROUTES: Route[] = [
  { pattern: '/persons', page: SearchPage, allowed: canReadPersons, read: (_p, query) => searchRead(query) },
  { pattern: '/persons/:idNumber', page: PersonPage, allowed: canReadPersons, read: (p) => personRead(p.idNumber!) },
  { pattern: '/persons/:idNumber/:action', page: PersonActionPage, allowed: canReadPersons },
  { pattern: '/births/new', page: BirthPage, allowed: canReadPersons },
  { pattern: '/units', page: UnitsPage },
  { pattern: '/dashboards', page: DashboardsPage, allowed: canSeeDashboards },
  { pattern: '/audit', page: AuditPage, allowed: canReadAudit },
  { pattern: '/quality/pairs', page: DuplicatesPage, allowed: canReadPersons },
  { pattern: '/quality/pairs/:id', page: DuplicatePairPage, allowed: canReadPersons },
  // Identity cards (docs/web.md "Identity cards"): 'new' before ':id', which would match it.
  { pattern: '/cards/applications', page: CardApplicationsPage, allowed: canReadPersons },
  { pattern: '/cards/applications/new', page: NewCardApplicationPage, allowed: canReadPersons },
  { pattern: '/cards/applications/:id', page: CardApplicationPage, allowed: canReadPersons },
  { pattern: '/cards/:cardNumber', page: CardPage, allowed: canReadPersons },
];

export function App() {
  const { officer } = useSession();
  const { path, href } = useLocation();
  const signedOutHere = !officer && path !== '/sign-in';
  useEffect(() => onArriving((url) => {
    for (const r of ROUTES) {
      const params = match(r.pattern, url.pathname);
      if (!params) continue;
      const first = officer && (!r.allowed || r.allowed(officer)) ? r.read?.(params, url.searchParams) : null;
      if (first) startRead(first);
      return;
    }
  }), [officer]);
  // The person page's code, fetched while the officer reads the search results rather than on
  // the first click on one of them.
  const readsPersons = officer !== null && canReadPersons(officer);
  useEffect(() => {
    if (!readsPersons) return;
    const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1000));
    idle(() => void loadPersonPage());
  }, [readsPersons]);
  useEffect(() => {
    // Not signed in: every page leads to sign-in, which brings the officer back here after.
    if (signedOutHere) navigate(signInPath(null, path === '/' ? undefined : href), { replace: true });
    else if (officer && path === '/') navigate(homeOf(officer), { replace: true });
  }, [signedOutHere, officer, path, href]);
  if (path === '/sign-in') return <SignInPage />;
  if (!officer) return null;
  for (const r of ROUTES) {
    const params = match(r.pattern, path);
    if (!params) continue;
    const Page = r.page;
    return (
      <Shell>
        <Suspense fallback={<Loading />}>
          {r.allowed && !r.allowed(officer) ? <Forbidden /> : <Page params={params} />}
        </Suspense>
      </Shell>
    );
  }
  return <Shell>{path === '/' ? <Loading /> : <NotFound />}</Shell>;
}
