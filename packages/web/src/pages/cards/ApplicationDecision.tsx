// The decision on an application (docs/cards.md "Approval"): once taken, who took it, when and
// with what note; before, for the officers who decide (province, central, admin), "approve" (a
// verified application, with an optional note) and "reject" (with the reason the citizen is
// told). The console does not second-guess four eyes — the API knows who captured the
// biometrics, the console does not — so its `own-application` refusal is shown as it comes.
import { Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client.ts';
import type { CardApplication } from '../../api/card-types.ts';
import { useRuleForm } from '../../forms/useRuleForm.ts';
import { formatInstant } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { actorLabel, DECIDING_ROLES } from './labels.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

export function ApplicationDecision({ application: a, onDecided }: { application: CardApplication; onDecided(a: CardApplication): void }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  if (a.decidedAt) {
    return (
      <Stack gap={4} data-testid="decision">
        <Text size="sm">{t('cards.app.decided', { status: t(`cards.status.${a.status === 'rejected' ? 'rejected' : 'approved'}`), when: formatInstant(a.decidedAt), who: actorLabel(a.decidedBy, officer?.id, t('cards.app.you')) })}</Text>
        {a.decisionNote && <Text size="sm" className="wrap-anywhere">{t('cards.app.note')}: {a.decisionNote}</Text>}
      </Stack>
    );
  }
  const open = a.status === 'received' || a.status === 'verified';
  if (!open) return <Text size="sm">—</Text>;
  if (!officer || !(DECIDING_ROLES as readonly string[]).includes(officer.role)) return <Text size="sm" data-testid="decision">{t('cards.app.notDecider')}</Text>;
  const mine = a.createdBy === `officer:${officer.id}`;
  return (
    <Stack gap="md" data-testid="decision">
      <Text size="sm">{t('cards.app.approveHelp')}</Text>
      {mine && <Text size="sm" fw={600}>{t('cards.app.yourOwn')}</Text>}
      {a.status === 'verified' && <Approve a={a} onDecided={onDecided} />}
      <Reject a={a} onDecided={onDecided} />
    </Stack>
  );
}

function Approve({ a, onDecided }: { a: CardApplication; onDecided(a: CardApplication): void }) {
  const { t } = useTranslation();
  const f = useRuleForm({ operation: 'POST /api/v1/card-applications/{id}/approval', initial: { note: '' } });
  const send = async (body: Record<string, unknown>) => {
    onDecided((await call<CardApplication>('POST', `/card-applications/${a.id}/approval`, { body, headers: { 'idempotency-key': crypto.randomUUID() } })).data);
  };
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); void f.submit(send); }} aria-label={t('cards.app.approve')}>
      <Stack gap="xs">
        <TextInput label={`${t('cards.app.noteLabel')} ${t('form.optional')}`} {...f.input('note')} />
        {f.problem && <ProblemAlert problem={f.problem} />}
        <Group><Button type="submit" color="teal.9" loading={f.busy}>{t('cards.app.approve')}</Button></Group>
      </Stack>
    </form>
  );
}

function Reject({ a, onDecided }: { a: CardApplication; onDecided(a: CardApplication): void }) {
  const { t } = useTranslation();
  const f = useRuleForm({ operation: 'POST /api/v1/card-applications/{id}/rejection', initial: { reason: '' } });
  const send = async (body: Record<string, unknown>) => {
    onDecided((await call<CardApplication>('POST', `/card-applications/${a.id}/rejection`, { body, headers: { 'idempotency-key': crypto.randomUUID() } })).data);
  };
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); void f.submit(send); }} aria-label={t('cards.app.reject')}>
      <Stack gap="xs">
        <Textarea label={t('cards.app.rejectReason')} required autosize minRows={2} {...f.input('reason')} />
        {f.problem && <ProblemAlert problem={f.problem} />}
        <Group><Button type="submit" color="red.9" variant="outline" loading={f.busy}>{t('cards.app.reject')}</Button></Group>
      </Stack>
    </form>
  );
}
