// The acts recorded on a person from their page: a change of residence, a marriage, a death and
// a correction of fields (which sends If-Match with the version the officer saw, so that two
// officers cannot overwrite each other's change).
import { Alert, Anchor, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call, get } from '../api/client.ts';
import type { Person } from '../api/types.ts';
import { DateField } from '../components/DateField.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { UnitPicker } from '../components/UnitPicker.tsx';
import { useApi } from '../components/useApi.ts';
import { parseDate } from '../format.ts';
import { FormFrame } from '../forms/FormFrame.tsx';
import { useRuleForm } from '../forms/useRuleForm.ts';
import { Link, navigate } from '../router.tsx';
import { NotFound } from './NotFound.tsx';
import { RefusedPerson } from './RefusedPerson.tsx';

const ACTIONS = ['move', 'marriage', 'death', 'correction'] as const;
type Action = (typeof ACTIONS)[number];

export default function PersonActionPage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const idNumber = params.idNumber!;
  const action = params.action as Action;
  const person = useApi((signal) => get<Person>(`/persons/${idNumber}`, { signal }), [idNumber]);
  if (!ACTIONS.includes(action)) return <NotFound />;
  if (person.loading && !person.data) return <Loading />;
  if (person.error) return person.error.status === 403 || person.error.status === 404 ? <RefusedPerson error={person.error} /> : <ErrorState error={person.error} retry={person.reload} />;
  const p = person.data!;
  const done = () => navigate(`/persons/${idNumber}?recorded=${action}`);
  const headers = { 'idempotency-key': crypto.randomUUID() };
  return (
    <Stack>
      <div>
        <Title order={1}>{t(`${action}.title`)}</Title>
        <Anchor component={Link} href={`/persons/${idNumber}`} className="wrap-anywhere">{p.fullName}</Anchor>
        <Text span c="dimmed" ff="monospace"> {idNumber}</Text>
      </div>
      {action === 'move' && <MoveForm onSend={async (body) => { await call('POST', `/persons/${idNumber}/residence`, { body, headers }); done(); }} back={`/persons/${idNumber}`} />}
      {action === 'marriage' && <MarriageForm onSend={async (body) => { await call('POST', `/persons/${idNumber}/marriage`, { body, headers }); done(); }} back={`/persons/${idNumber}`} />}
      {action === 'death' && <DeathForm onSend={async (body) => { await call('POST', `/persons/${idNumber}/death`, { body, headers }); done(); }} back={`/persons/${idNumber}`} />}
      {action === 'correction' && <CorrectionForm person={p} onSend={async (body) => {
        await call('PATCH', `/persons/${idNumber}`, { body, headers: { 'if-match': `"${p.version}"` } });
        done();
      }} back={`/persons/${idNumber}`} />}
    </Stack>
  );
}

type Send = (body: Record<string, unknown>) => Promise<void>;

function MoveForm({ onSend, back }: { onSend: Send; back: string }) {
  const { t } = useTranslation();
  const f = useRuleForm({
    operation: 'POST /api/v1/persons/{idNumber}/residence',
    initial: { kind: 'permanent', unitId: '', address: '', date: '', until: '', legalBasis: '' },
    dates: ['date', 'until'],
  });
  return (
    <FormFrame problem={f.problem} invalid={f.invalid} busy={f.busy} cancelHref={back} onSubmit={() => void f.submit(onSend)}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('move.kind')} required allowDeselect={false} {...f.input('kind')}
          data={(['permanent', 'temporary', 'current'] as const).map((k) => ({ value: k, label: t(`move.${k}`) }))} />
        <DateField label={t('move.date')} required {...f.input('date')} />
        <UnitPicker label={t('form.unit')} required name="unitId" value={f.values.unitId} onChange={(id) => f.set('unitId', id)}
          error={f.error('unitId')} at={parseDate(f.values.date)} />
        <TextInput label={t('form.address')} required {...f.input('address')} />
        {f.values.kind === 'temporary' && <DateField label={t('move.until')} {...f.input('until')} />}
      </SimpleGrid>
      <TextInput label={t('form.legalBasis')} description={t('form.legalBasisHelp')} required {...f.input('legalBasis')} />
    </FormFrame>
  );
}

function MarriageForm({ onSend, back }: { onSend: Send; back: string }) {
  const { t } = useTranslation();
  const f = useRuleForm({ operation: 'POST /api/v1/persons/{idNumber}/marriage', initial: { spouseIdNumber: '', date: '', legalBasis: '' }, dates: ['date'] });
  return (
    <FormFrame problem={f.problem} invalid={f.invalid} busy={f.busy} cancelHref={back} onSubmit={() => void f.submit(onSend)}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('marriage.spouse')} description={t('form.idNumber')} inputMode="numeric" required {...f.input('spouseIdNumber')} />
        <DateField label={t('marriage.date')} required {...f.input('date')} />
      </SimpleGrid>
      <TextInput label={t('form.legalBasis')} description={t('form.legalBasisHelp')} required {...f.input('legalBasis')} />
    </FormFrame>
  );
}

function DeathForm({ onSend, back }: { onSend: Send; back: string }) {
  const { t } = useTranslation();
  const f = useRuleForm({ operation: 'POST /api/v1/persons/{idNumber}/death', initial: { date: '', legalBasis: '' }, dates: ['date'] });
  return (
    <FormFrame problem={f.problem} invalid={f.invalid} busy={f.busy} cancelHref={back} onSubmit={() => void f.submit(onSend)}>
      <Alert color="yellow">{t('death.confirm')}</Alert>
      <DateField label={t('death.date')} required {...f.input('date')} />
      <TextInput label={t('form.legalBasis')} description={t('form.legalBasisHelp')} required {...f.input('legalBasis')} />
    </FormFrame>
  );
}

function CorrectionForm({ person, onSend, back }: { person: Person; onSend: Send; back: string }) {
  const { t } = useTranslation();
  const f = useRuleForm({
    operation: 'PATCH /api/v1/persons/{idNumber}',
    initial: { fullName: '', placeOfBirth: '', nativePlace: '', ethnicity: '', religion: '', phone: '', email: '', legalBasis: '' },
  });
  const field = (name: 'fullName' | 'placeOfBirth' | 'nativePlace' | 'ethnicity' | 'religion' | 'phone' | 'email', current: string | null) => (
    <TextInput label={t(`person.${name}`)} placeholder={current ?? ''} description={current ?? undefined} {...f.input(name)} />
  );
  return (
    <FormFrame problem={f.problem} invalid={f.invalid} busy={f.busy} cancelHref={back} onSubmit={() => void f.submit(onSend)}>
      <Text size="sm">{t('correction.help')} {t('correction.version', { version: person.version })}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {field('fullName', person.fullName)}
        {field('placeOfBirth', person.placeOfBirth)}
        {field('nativePlace', person.nativePlace)}
        {field('ethnicity', person.ethnicity)}
        {field('religion', person.religion)}
        {field('phone', person.phone)}
        {field('email', person.email)}
      </SimpleGrid>
      <TextInput label={t('form.legalBasis')} description={t('form.legalBasisHelp')} required {...f.input('legalBasis')} />
    </FormFrame>
  );
}
