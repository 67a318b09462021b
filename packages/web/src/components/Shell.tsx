// The frame of every signed-in page: header (name, officer, language, sign-out), the navigation
// the officer's role allows, and the main region. A skip link leads keyboard users past the
// navigation; on a phone the navigation folds behind a burger button.
import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { memo, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '../router.tsx';
import { canReadAudit, canReadPersons, canSeeDashboards, useSession } from '../session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function Shell({ children }: { children: ReactNode }) {
  const { officer } = useSession();
  const { path } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const main = useRef<HTMLElement>(null);
  // A new page: close the phone menu and move focus to the page, as a full page load would —
  // after the new page is painted (focus() forces a layout, which would hold up that paint).
  useEffect(() => {
    close();
    const frame = requestAnimationFrame(() => setTimeout(() => main.current?.focus({ preventScroll: true }), 0));
    return () => cancelAnimationFrame(frame);
  }, [path, close]);
  if (!officer) return null;
  // The header and the navigation are memoised on what they show (the section, not the whole
  // address): a navigation then renders the new page alone, not the frame around it too.
  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Header opened={opened} toggle={toggle} />
      <Navigation section={path.split('/')[1] ?? ''} />
      <AppShell.Main id="main" ref={main} tabIndex={-1} component="main">
        {children}
      </AppShell.Main>
    </AppShell>
  );
}

const Header = memo(function Header({ opened, toggle }: { opened: boolean; toggle(): void }) {
  const { t } = useTranslation();
  return (
    <>
      <a href="#main" className="skip-link">{t('app.skip')}</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu')} aria-expanded={opened} aria-controls="main-nav" />
            <Link href="/" className="brand"><Title order={2} size="h4">{t('app.name')}</Title></Link>
            <Text visibleFrom="md" size="sm" c="dimmed" truncate>{t('app.subtitle')}</Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>
    </>
  );
});

const Navigation = memo(function Navigation({ section }: { section: string }) {
  const { t } = useTranslation();
  const { officer, signOut } = useSession();
  if (!officer) return null;
  const items = [
    canReadPersons(officer) && { href: '/persons', label: t('nav.search'), active: section === 'persons' },
    canReadPersons(officer) && { href: '/births/new', label: t('nav.birth'), active: section === 'births' },
    { href: '/units', label: t('nav.units'), active: section === 'units' },
    canSeeDashboards(officer) && { href: '/dashboards', label: t('nav.dashboards'), active: section === 'dashboards' },
    canReadPersons(officer) && { href: '/cards/applications', label: t('nav.cards'), active: section === 'cards' },
    canReadPersons(officer) && { href: '/quality/pairs', label: t('nav.duplicates'), active: section === 'quality' },
    canReadAudit(officer) && { href: '/audit', label: t('nav.audit'), active: section === 'audit' },
  ].filter((x): x is { href: string; label: string; active: boolean } => Boolean(x));
  return (
    <AppShell.Navbar p="sm" id="main-nav" aria-label={t('nav.main')} component="nav">
      <Stack gap={4} justify="space-between" h="100%">
        <Stack gap={4}>
          {items.map((i) => (
            <NavLink key={i.href} component={Link} href={i.href} label={i.label} active={i.active} aria-current={i.active ? 'page' : undefined} />
          ))}
        </Stack>
        <Stack gap={6} p="xs" className="officer-card">
          <Text fw={600} size="sm" className="wrap-anywhere">{officer.displayName}</Text>
          <Badge variant="light" size="sm">{t(`role.${officer.role}`)}</Badge>
          {officer.jurisdiction && <Text size="sm" className="wrap-anywhere">{officer.jurisdiction.name}</Text>}
          <VisuallyHidden>{officer.username}</VisuallyHidden>
          <Button variant="default" size="xs" onClick={() => void signOut()}>{t('nav.signOut')}</Button>
        </Stack>
      </Stack>
    </AppShell.Navbar>
  );
});
