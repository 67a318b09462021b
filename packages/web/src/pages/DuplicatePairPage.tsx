// One duplicate pair (docs/quality.md "Review and merge"): the two records side by side, the
// score explained per field (strongest evidence first), the decisions taken on it, and the
// decision form. Confirming merges the records into the survivor the officer chooses (the other
// number is retired and points to it; a central officer can undo the merge within the window);
// rejecting records that they are two persons, and the pair is never proposed again.
import { Alert, Anchor, Radio, SimpleGrid, Stack, Table, Text, TextInput, Title, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, get } from '../api/client.ts';
import type { DuplicateDecision, DuplicatePairDetail } from '../api/types.ts';
import { TableScroll } from '../components/TableScroll.tsx';
import { ErrorState, Loading } from '../components/States.tsx';
import { useApi } from '../components/useApi.ts';
import { formatDate, formatInstant } from '../format.ts';
import { FormFrame } from '../forms/FormFrame.tsx';
import { useRuleForm } from '../forms/useRuleForm.ts';
import { Link } from '../router.tsx';
import { BandBadge } from './DuplicatesPage.tsx';

type Side = DuplicatePairDetail['a'];
/** The scoring's field names (quality/dedup/scoring.ts) as the person page labels them. */
const FIELD_LABEL: Record<string, string> = {
  name: 'person.fullName', birthDate: 'person.birthDate', sex: 'person.sex', placeOfBirth: 'person.placeOfBirth', nativePlace: 'person.nativePlace',
  ethnicity: 'person.ethnicity', religion: 'person.religion', bloodType: 'person.bloodType', oldIdNumber: 'person.oldIdNumber', phone: 'person.phone',
  email: 'person.email', father: 'person.father', mother: 'person.mother', residence: 'person.currentResidence', relation: 'dup.relation',
};
const FIELDS = ['fullName', 'birthDate', 'sex', 'placeOfBirth', 'nativePlace', 'ethnicity', 'religion', 'oldIdNumber', 'fatherName', 'motherName', 'spouseName', 'maritalStatus', 'deathDate', 'phone'] as const;

export default function DuplicatePairPage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const id = params.id!;
  const pair = useApi((signal) => get<DuplicatePairDetail>(`/quality/pairs/${id}`, { signal }), [id]);
  const [decided, setDecided] = useState<DuplicateDecision | null>(null);
  if (pair.loading && !pair.data) return <Loading />;
  if (pair.error) return <ErrorState error={pair.error} retry={pair.error.status >= 500 ? pair.reload : undefined} />;
  const p = pair.data!;
  const value = (s: Side, f: (typeof FIELDS)[number]) => {
    const v = s[f];
    if (v === undefined || v === null || v === '') return '—';
    if (f === 'birthDate' || f === 'deathDate') return formatDate(v);
    if (f === 'sex') return t(`sex.${v}`);
    if (f === 'maritalStatus') return t(`marital.${v}`, { defaultValue: v });
    return v;
  };
  const person = (s: Side) => s.inRegister
    ? <Anchor component={Link} href={`/persons/${s.idNumber}`} ff="monospace">{s.idNumber}</Anchor>
    : <Text span ff="monospace">{s.idNumber} ({t('dup.retired')})</Text>;
  return (
    <Stack>
      <div>
        <Title order={1}>{t('dup.pairTitle')}</Title>
        <Group gap="xs"><Text ff="monospace">{t('dup.score')}: {p.score.toFixed(1)}</Text><BandBadge band={p.band} /><Text size="sm" c="dimmed">{t(`dup.status.${p.status}`, { defaultValue: p.status })}</Text></Group>
        <Anchor component={Link} href="/quality/pairs" size="sm">{t('dup.back')}</Anchor>
      </div>
      <TableScroll label={t('dup.compare')}>
        <Table data-testid="pair-compare">
          <Table.Caption>{t('dup.compare')}</Table.Caption>
          <Table.Thead><Table.Tr>
            <Table.Th scope="col">{t('dup.field')}</Table.Th><Table.Th scope="col">{t('dup.first')} {person(p.a)}</Table.Th><Table.Th scope="col">{t('dup.second')} {person(p.b)}</Table.Th>
          </Table.Tr></Table.Thead>
          <Table.Tbody>
            {FIELDS.map((f) => (
              <Table.Tr key={f}>
                <Table.Th scope="row" fw={500}>{t(`person.${f === 'fatherName' ? 'father' : f === 'motherName' ? 'mother' : f === 'spouseName' ? 'spouse' : f}`)}</Table.Th>
                <Table.Td className="wrap-anywhere" fw={value(p.a, f) !== value(p.b, f) ? 700 : undefined}>{value(p.a, f)}</Table.Td>
                <Table.Td className="wrap-anywhere" fw={value(p.a, f) !== value(p.b, f) ? 700 : undefined}>{value(p.b, f)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row" fw={500}>{t('person.currentResidence')}</Table.Th>
              <Table.Td className="wrap-anywhere">{[p.a.residence?.address, p.a.residence?.unit?.name].filter(Boolean).join(', ') || '—'}</Table.Td>
              <Table.Td className="wrap-anywhere">{[p.b.residence?.address, p.b.residence?.unit?.name].filter(Boolean).join(', ') || '—'}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </TableScroll>
      <Title order={2} size="h3">{t('dup.explanation')}</Title>
      <TableScroll label={t('dup.explanation')}>
        <Table data-testid="pair-explanation">
          <Table.Thead><Table.Tr><Table.Th scope="col">{t('dup.field')}</Table.Th><Table.Th scope="col">{t('dup.level')}</Table.Th><Table.Th scope="col">{t('dup.weight')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {p.explanation.map((e) => (
              <Table.Tr key={e.field}>
                <Table.Td>{FIELD_LABEL[e.field] ? t(FIELD_LABEL[e.field]!) : e.field}</Table.Td><Table.Td ff="monospace">{e.level}</Table.Td>
                <Table.Td ff="monospace" c={e.weight < 0 ? 'red.8' : undefined}>{e.weight > 0 ? '+' : ''}{e.weight.toFixed(1)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {p.decisions.length > 0 && (
        <>
          <Title order={2} size="h3">{t('dup.decisions')}</Title>
          <Stack gap={4}>{p.decisions.map((d, i) => (
            <Text key={i} size="sm">{formatInstant(d.decidedAt)} — {d.decidedBy}: {t(`dup.decision.${d.decision}`)}{d.legalBasis ? ` (${d.legalBasis})` : ''}</Text>
          ))}</Stack>
        </>
      )}
      {decided ? <DecisionResult result={decided} /> : p.status === 'open' && <DecisionForm pair={p} onDecided={(r) => { setDecided(r); }} />}
    </Stack>
  );
}

function DecisionResult({ result }: { result: DuplicateDecision }) {
  const { t } = useTranslation();
  return result.status === 'merged'
    ? <Alert color="green" role="status" data-testid="decision-result">{t('dup.merged', { survivor: result.survivor })} <Anchor component={Link} href={`/persons/${result.survivor}`}>{t('dup.openSurvivor')}</Anchor></Alert>
    : <Alert color="green" role="status" data-testid="decision-result">{t('dup.rejected')}</Alert>;
}

function DecisionForm({ pair, onDecided }: { pair: DuplicatePairDetail; onDecided(r: DuplicateDecision): void }) {
  const { t } = useTranslation();
  const f = useRuleForm({
    operation: 'POST /api/v1/quality/pairs/{id}/decision',
    initial: { decision: '', survivorIdNumber: '', legalBasis: '', note: '' },
  });
  const headers = { 'idempotency-key': crypto.randomUUID() };
  const send = async (body: Record<string, unknown>) => {
    if (body.decision !== 'confirm') delete body.survivorIdNumber;
    onDecided((await call<DuplicateDecision>('POST', `/quality/pairs/${pair.id}/decision`, { body, headers })).data);
  };
  const label = (s: Side) => `${s.fullName ?? ''} — ${s.idNumber}`;
  return (
    <>
      <Title order={2} size="h3">{t('dup.decide')}</Title>
      <FormFrame problem={f.problem} invalid={f.invalid} busy={f.busy} cancelHref="/quality/pairs" onSubmit={() => void f.submit(send)}>
        <Radio.Group label={t('dup.decisionLabel')} required value={f.values.decision} onChange={(v) => f.set('decision', v)} error={f.error('decision')} data-field="decision">
          <Stack gap="xs" mt="xs">
            <Radio value="confirm" label={t('dup.confirm')} />
            <Radio value="reject" label={t('dup.reject')} />
          </Stack>
        </Radio.Group>
        {f.values.decision === 'confirm' && (
          <Radio.Group label={t('dup.survivor')} description={t('dup.survivorHelp')} required value={f.values.survivorIdNumber} onChange={(v) => f.set('survivorIdNumber', v)} error={f.error('survivorIdNumber')} data-field="survivorIdNumber">
            <Stack gap="xs" mt="xs">
              {[pair.a, pair.b].filter((s) => s.inRegister).map((s) => <Radio key={s.idNumber} value={s.idNumber} label={label(s)} />)}
            </Stack>
          </Radio.Group>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('form.legalBasis')} description={t('dup.legalBasisHelp')} required {...f.input('legalBasis')} />
          <TextInput label={`${t('dup.note')} ${t('form.optional')}`} {...f.input('note')} />
        </SimpleGrid>
      </FormFrame>
    </>
  );
}
