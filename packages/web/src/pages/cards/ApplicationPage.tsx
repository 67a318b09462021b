// One identity-card application (GET /card-applications/{id}, audited): the person and the kind,
// the biometrics (photo, the ten fingers with missing reasons, and their capture while the
// application is open), the automatic checks each explained, and the decision — approve or
// reject with a reason — for the officers who decide (province, central, admin). The API is the
// judge of every action; its refusals (four eyes: `own-application`) are shown as it states them.
import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import type { CardApplication } from '../../api/card-types.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { UnitName } from '../../components/UnitName.tsx';
import { useApi } from '../../components/useApi.ts';
import { formatDate, formatInstant } from '../../format.ts';
import { Link } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { ApplicationBiometrics } from './ApplicationBiometrics.tsx';
import { ApplicationChecks } from './ApplicationChecks.tsx';
import { ApplicationDecision } from './ApplicationDecision.tsx';
import { actorLabel, ApplicationStatusBadge } from './labels.tsx';
import './i18n.ts';

export default function ApplicationPage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  const id = params.id!;
  const loaded = useApi((signal) => get<CardApplication>(`/card-applications/${id}`, { signal }), [id]);
  // An action's answer is the application as it now is: shown at once, without reading it again.
  const [fresh, setFresh] = useState<CardApplication | null>(null);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <ErrorState error={loaded.error} retry={loaded.error.status >= 500 ? loaded.reload : undefined} />;
  const a = fresh && fresh.id === id && fresh.version >= loaded.data!.version ? fresh : loaded.data!;
  const reload = () => { setFresh(null); loaded.reload(); };
  const you = t('cards.app.you');
  const declared = Object.entries(a.declaredChanges);
  return (
    <Stack gap="lg" data-application={a.id} data-status={a.status}>
      <div>
        <Group gap="sm" align="center">
          <Title order={1}>{t('cards.app.title', { reference: a.reference })}</Title>
          <ApplicationStatusBadge status={a.status} />
        </Group>
        <Anchor component={Link} href="/cards/applications" size="sm">{t('cards.app.back')}</Anchor>
      </div>
      <Section title={t('cards.app.summary')}>
        <Fields rows={[
          [t('cards.app.person'), a.fullName
            ? <Anchor component={Link} href={`/persons/${a.idNumber}`}>{a.fullName}</Anchor>
            : <Text span size="sm">{t('cards.app.outsideRegister')}</Text>],
          [t('cards.app.idNumber'), <Text span ff="monospace">{a.idNumber}</Text>],
          [t('cards.app.birthDate'), formatDate(a.birthDate)],
          [t('cards.app.kind'), t(`cards.kind.${a.kind}`)],
          ...(a.reissueReason ? [[t('cards.app.reissueReason'), t(`cards.reissueReason.${a.reissueReason}`)] as [string, ReactNode]] : []),
          [t('cards.app.channel'), t(`cards.channel.${a.channel}`)],
          [t('cards.app.office'), <UnitName unit={a.receivingUnit} />],
          [t('cards.app.createdAt'), formatInstant(a.createdAt)],
          [t('cards.app.createdBy'), actorLabel(a.createdBy, officer?.id, you)],
          ...(a.appointment ? [[t('cards.app.appointment'), formatDate(a.appointment.date)] as [string, ReactNode]] : []),
          ...(declared.length ? [[t('cards.app.declared'), declared.map(([k, v]) => `${t(`person.${k}`, { defaultValue: k })}: ${String(v)}`).join('; ')] as [string, ReactNode]] : []),
        ]} />
      </Section>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section title={t('cards.app.biometrics')}>
          <ApplicationBiometrics application={a} onChanged={setFresh} />
        </Section>
        <Stack>
          <Section title={t('cards.app.checks')}>
            <ApplicationChecks application={a} onChecked={reload} />
          </Section>
          <Section title={t('cards.app.decision')}>
            <ApplicationDecision application={a} onDecided={setFresh} />
          </Section>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb="sm" id={id}>{title}</Title>
      {children}
    </Card>
  );
}

export function Fields({ rows }: { rows: [string, ReactNode][] }) {
  return <dl className="fields">{rows.map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{k}</dt><dd>{v}</dd></div>)}</dl>;
}
