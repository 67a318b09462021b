// One identity card (GET /cards/{cardNumber}, audited): its status today and as recorded, its
// dates, the application it came from, its face (front and back PNG, for the receiving office and
// the production centre; fetched with the officer's token since an <img> cannot send it), and
// the lifecycle actions its state allows — hand-over of a ready card, loss or theft of an active
// one, revocation (central and provincial officers). The API decides who may; its refusal shows.
import { Alert, Anchor, Button, Group, Image, Radio, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call, get, getBlob } from '../../api/client.ts';
import type { Card } from '../../api/card-types.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { useApi } from '../../components/useApi.ts';
import { formatDate, formatInstant } from '../../format.ts';
import { useRuleForm } from '../../forms/useRuleForm.ts';
import { Link } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { Fields, Section } from './ApplicationPage.tsx';
import { actorLabel, CardStatusBadge } from './labels.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';
import './i18n.ts';

export default function CardPage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  const number = params.cardNumber!;
  const loaded = useApi((signal) => get<Card>(`/cards/${number}`, { signal }), [number]);
  const [fresh, setFresh] = useState<(Card & { retired?: string | null }) | null>(null);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <ErrorState error={loaded.error} retry={loaded.error.status >= 500 ? loaded.reload : undefined} />;
  const c = fresh ?? loaded.data!;
  const you = t('cards.app.you');
  return (
    <Stack gap="lg" data-card={c.cardNumber} data-status={c.status}>
      <div>
        <Group gap="sm" align="center">
          <Title order={1}>{t('cards.card.title', { number: c.cardNumber })}</Title>
          <CardStatusBadge status={c.status} />
        </Group>
        <Anchor component={Link} href={`/persons/${c.idNumber}`} size="sm">{t('cards.card.holder')}: <Text span ff="monospace" size="sm">{c.idNumber}</Text></Anchor>
      </div>
      {fresh && (
        <Alert color="green" role="status" data-testid="card-done">
          {t('cards.card.done', { status: t(`cards.cardStatus.${fresh.status}`) })}{fresh.retired ? ` ${t('cards.card.retired', { number: fresh.retired })}` : ''}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section title={t('cards.title')}>
          <Fields rows={[
            [t('cards.card.status'), <CardStatusBadge status={c.status} />],
            ...(c.recordedStatus !== c.status ? [[t('cards.card.recordedStatus'), t(`cards.cardStatus.${c.recordedStatus}`)] as [string, ReactNode]] : []),
            [t('cards.card.issued'), formatDate(c.issueDate)],
            [t('cards.card.expires'), c.expiryDate ? formatDate(c.expiryDate) : t('cards.person.never')],
            [t('cards.card.handedOver'), c.handedOverAt ? `${formatInstant(c.handedOverAt)} · ${actorLabel(c.handedOverBy, officer?.id, you)}` : '—'],
            [t('cards.card.statusChanged'), formatInstant(c.statusChangedAt)],
            ...(c.statusReason ? [[t('cards.card.statusReason'), c.statusReason] as [string, ReactNode]] : []),
            ...(c.replacedBy ? [[t('cards.card.replacedBy'), <Anchor component={Link} href={`/cards/${c.replacedBy}`} ff="monospace">{c.replacedBy}</Anchor>] as [string, ReactNode]] : []),
            [t('cards.card.application'), <><Anchor component={Link} href={`/cards/applications/${c.application.id}`} ff="monospace">{c.application.reference}</Anchor> · {t(`cards.kind.${c.application.kind}`, { defaultValue: c.application.kind })}</>],
          ]} />
        </Section>
        <Section title={t('cards.card.actions')}>
          <CardActions card={c} onDone={setFresh} />
        </Section>
      </SimpleGrid>
      <Section title={t('cards.card.face')}>
        <CardFace number={c.cardNumber} />
      </Section>
    </Stack>
  );
}

function CardFace({ number }: { number: string }) {
  const { t } = useTranslation();
  const [urls, setUrls] = useState<{ front: string; back: string } | 'refused' | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    let made: string[] = [];
    Promise.all(['front', 'back'].map((side) => getBlob(`/cards/${number}/face.png`, { query: { side }, signal: ctl.signal }))).then(
      ([front, back]) => {
        made = [URL.createObjectURL(front!), URL.createObjectURL(back!)];
        setUrls({ front: made[0]!, back: made[1]! });
      },
      () => { if (!ctl.signal.aborted) setUrls('refused'); },
    );
    return () => { ctl.abort(); made.forEach((u) => URL.revokeObjectURL(u)); };
  }, [number]);
  if (urls === null) return <Loading />;
  if (urls === 'refused') return <Text size="sm">{t('cards.card.noFace')}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="card-face">
      <Image src={urls.front} alt={t('cards.card.front', { number })} radius="md" style={{ border: '1px solid var(--mantine-color-gray-4)' }} />
      <Image src={urls.back} alt={t('cards.card.back', { number })} radius="md" style={{ border: '1px solid var(--mantine-color-gray-4)' }} />
    </SimpleGrid>
  );
}

function CardActions({ card: c, onDone }: { card: Card; onDone(c: Card): void }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  const mayRevoke = officer && ['central', 'province'].includes(officer.role) && ['active', 'personalised', 'quality_checked', 'shipped', 'ready'].includes(c.status);
  if (c.status !== 'ready' && c.status !== 'active' && !mayRevoke) return <Text size="sm">{t('cards.card.noActions')}</Text>;
  return (
    <Stack gap="lg">
      {c.status === 'ready' && <HandOver card={c} onDone={onDone} />}
      {c.status === 'active' && <Loss card={c} onDone={onDone} />}
      {mayRevoke && <Revoke card={c} onDone={onDone} />}
    </Stack>
  );
}

const key = () => ({ 'idempotency-key': crypto.randomUUID() });

function HandOver({ card, onDone }: { card: Card; onDone(c: Card): void }) {
  const { t } = useTranslation();
  const f = useRuleForm({ operation: 'POST /api/v1/cards/{cardNumber}/hand-over', initial: { note: '' } });
  return (
    <form noValidate aria-label={t('cards.card.handOver')} onSubmit={(e) => { e.preventDefault(); void f.submit(async (body) => onDone((await call<Card>('POST', `/cards/${card.cardNumber}/hand-over`, { body, headers: key() })).data)); }}>
      <Stack gap="xs">
        <Text size="sm">{t('cards.card.handOverHelp')}</Text>
        <TextInput label={`${t('cards.card.handOverNote')} ${t('form.optional')}`} {...f.input('note')} />
        {f.problem && <ProblemAlert problem={f.problem} />}
        <Group><Button type="submit" loading={f.busy}>{t('cards.card.handOver')}</Button></Group>
      </Stack>
    </form>
  );
}

function Loss({ card, onDone }: { card: Card; onDone(c: Card): void }) {
  const { t } = useTranslation();
  const f = useRuleForm({ operation: 'POST /api/v1/cards/{cardNumber}/loss', initial: { kind: '', note: '' } });
  return (
    <form noValidate aria-label={t('cards.card.loss')} onSubmit={(e) => { e.preventDefault(); void f.submit(async (body) => onDone((await call<Card>('POST', `/cards/${card.cardNumber}/loss`, { body, headers: key() })).data)); }}>
      <Stack gap="xs">
        <Radio.Group label={t('cards.card.lossKind')} required value={f.values.kind} onChange={(v) => f.set('kind', v)} error={f.error('kind')} data-field="kind">
          <Group gap="md" mt="xs"><Radio value="lost" label={t('cards.card.lost')} /><Radio value="stolen" label={t('cards.card.stolen')} /></Group>
        </Radio.Group>
        <TextInput label={`${t('cards.card.lossNote')} ${t('form.optional')}`} {...f.input('note')} />
        {f.problem && <ProblemAlert problem={f.problem} />}
        <Group><Button type="submit" color="red.9" loading={f.busy}>{t('cards.card.loss')}</Button></Group>
      </Stack>
    </form>
  );
}

function Revoke({ card, onDone }: { card: Card; onDone(c: Card): void }) {
  const { t } = useTranslation();
  const f = useRuleForm({ operation: 'POST /api/v1/cards/{cardNumber}/revocation', initial: { reason: '' } });
  return (
    <form noValidate aria-label={t('cards.card.revoke')} onSubmit={(e) => { e.preventDefault(); void f.submit(async (body) => onDone((await call<Card>('POST', `/cards/${card.cardNumber}/revocation`, { body, headers: key() })).data)); }}>
      <Stack gap="xs">
        <Textarea label={t('cards.card.revokeReason')} required autosize minRows={2} {...f.input('reason')} />
        {f.problem && <ProblemAlert problem={f.problem} />}
        <Group><Button type="submit" color="red.9" variant="outline" loading={f.busy}>{t('cards.card.revoke')}</Button></Group>
      </Stack>
    </form>
  );
}
