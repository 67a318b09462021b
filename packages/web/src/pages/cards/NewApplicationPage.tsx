// Opening an identity-card application for a person of the register (POST /card-applications,
// "thu nhận hồ sơ"): the kind, the legal reason a reissue needs, and — for an officer without a
// jurisdiction of their own (central, admin) — the receiving office. Checked against the API's
// own schema as the officer types (forms/useRuleForm.ts); the rule that a reissue needs a reason
// and only a reissue has one is the API's too, and comes back under the field. Biometrics and
// checks follow on the application's page. A person with an open application gets a link to it.
import { Alert, Anchor, Radio, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call, get } from '../../api/client.ts';
import { KINDS, REISSUE_REASONS, type CardApplication } from '../../api/card-types.ts';
import type { Person } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useApi } from '../../components/useApi.ts';
import { FormFrame } from '../../forms/FormFrame.tsx';
import { useRuleForm } from '../../forms/useRuleForm.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { useSession } from '../../session.tsx';
import { RefusedPerson } from '../RefusedPerson.tsx';
import './i18n.ts';

export default function NewApplicationPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const idNumber = query.get('idNumber') ?? '';
  const person = useApi(/^\d{12}$/.test(idNumber) ? (signal) => get<Person>(`/persons/${idNumber}`, { signal }) : null, [idNumber]);
  if (!/^\d{12}$/.test(idNumber)) return <Stack><Title order={1}>{t('cards.form.title')}</Title><Alert color="yellow">{t('cards.form.noPerson')}</Alert></Stack>;
  if (person.loading && !person.data) return <Loading />;
  if (person.error) {
    return [400, 403, 404].includes(person.error.status) ? <RefusedPerson error={person.error} /> : <ErrorState error={person.error} retry={person.reload} />;
  }
  return <ApplicationForm person={person.data!} />;
}

function ApplicationForm({ person: p }: { person: Person }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  const f = useRuleForm({
    operation: 'POST /api/v1/card-applications',
    initial: { idNumber: p.idNumber, kind: '', reissueReason: '', receivingUnitId: '' },
  });
  const needsOffice = !officer?.jurisdiction;
  const open = f.problem?.type.endsWith('/open-application-exists') ? f.problem : null;
  return (
    <Stack>
      <div>
        <Title order={1}>{t('cards.form.title')}</Title>
        <Text className="wrap-anywhere">{t('cards.form.for', { name: p.fullName, idNumber: p.idNumber })}</Text>
      </div>
      <Text size="sm">{t('cards.form.next')}</Text>
      <FormFrame problem={f.problem} invalid={f.invalid} busy={f.busy} cancelHref={`/persons/${p.idNumber}`}
        onSubmit={() => void f.submit(async (body) => {
          const { data } = await call<CardApplication>('POST', '/card-applications', { body, headers: { 'idempotency-key': crypto.randomUUID() } });
          navigate(`/cards/applications/${data.id}`);
        })}>
        <Radio.Group label={t('cards.form.kind')} required value={f.values.kind} error={f.error('kind')} data-field="kind"
          onChange={(v) => { f.set('kind', v); if (v !== 'reissue') f.set('reissueReason', ''); }}>
          <Stack gap="xs" mt="xs">
            {KINDS.map((k) => <Radio key={k} value={k} label={t(`cards.kind.${k}`)} />)}
          </Stack>
        </Radio.Group>
        {f.values.kind === 'reissue' && (
          <Select label={t('cards.form.reissueReason')} required data={REISSUE_REASONS.map((r) => ({ value: r, label: t(`cards.reissueReason.${r}`) }))}
            {...f.input('reissueReason')} value={f.values.reissueReason || null} comboboxProps={{ withinPortal: true }} />
        )}
        {needsOffice && (
          <UnitPicker label={t('cards.form.office')} description={t('cards.form.officeHelp')} required name="receivingUnitId" value={f.values.receivingUnitId}
            onChange={(id) => f.set('receivingUnitId', id)} error={f.error('receivingUnitId')} />
        )}
        {open && typeof open.applicationId === 'string' && (
          <Anchor component={Link} href={`/cards/applications/${open.applicationId}`} data-testid="open-existing">
            {t('cards.form.openExists', { reference: String(open.reference ?? '') })}
          </Anchor>
        )}
      </FormFrame>
    </Stack>
  );
}
