// The access log for auditors (and central officers, administrators): who read or changed which
// person, when, under which request — filterable by officer, person and date — and the result of
// re-computing the log's hash chain (GET /audit/verify).
import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../api/client.ts';
import type { AuditEntry, AuditQuery, AuditVerify } from '../api/types.ts';
import { DateField } from '../components/DateField.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { useApi } from '../components/useApi.ts';
import { formatInstant, parseDate } from '../format.ts';
import { fieldErrors } from '../forms/problems.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { canReadPersons, useSession } from '../session.tsx';
import { TableScroll } from '../components/TableScroll.tsx';

const PAGE = 100;

export default function AuditPage() {
  const { t } = useTranslation();
  const { officer: me } = useSession();
  const { query } = useLocation();
  const applied = { officer: query.get('officer') ?? '', subject: query.get('subject') ?? '', since: query.get('since') ?? '', until: query.get('until') ?? '' };
  const [form, setForm] = useState({ ...applied, since: applied.since.split('-').reverse().join('/'), until: applied.until.split('-').reverse().join('/') });
  const [pages, setPages] = useState<AuditEntry[][]>([]);
  const [verify, setVerify] = useState<{ busy: boolean; result?: AuditVerify; error?: ApiError }>({ busy: false });
  const q: AuditQuery = { limit: PAGE, officer: applied.officer || undefined, subject: applied.subject || undefined, since: applied.since || undefined, until: applied.until || undefined };
  // The answer carries the filters it answers (the table is labelled with them, never with newer ones).
  const first = useApi(async (signal) => ({ filters: query.toString(), ...(await get<{ items: AuditEntry[] }>('/audit', { signal, query: { ...q } })) }), [query.toString()]);
  const items = [...(first.data?.items ?? []), ...pages.flat()];
  const problems = first.error ? fieldErrors(first.error.problem) : {};
  const badSince = form.since !== '' && !parseDate(form.since);
  const badUntil = form.until !== '' && !parseDate(form.until);

  const apply = () => {
    if (badSince || badUntil) return;
    setPages([]);
    const p = new URLSearchParams();
    if (form.officer.trim()) p.set('officer', form.officer.trim());
    if (form.subject.trim()) p.set('subject', form.subject.trim());
    if (form.since) p.set('since', parseDate(form.since)!);
    if (form.until) p.set('until', parseDate(form.until)!);
    navigate(`/audit${p.size ? `?${p}` : ''}`, { replace: true });
  };
  const more = async () => {
    const last = items[items.length - 1];
    if (!last) return;
    const r = await get<{ items: AuditEntry[] }>('/audit', { query: { ...q, before: last.seq } });
    setPages((p) => [...p, r.items]);
  };
  const runVerify = async () => {
    setVerify({ busy: true });
    try {
      setVerify({ busy: false, result: await get<AuditVerify>('/audit/verify') });
    } catch (err) {
      setVerify({ busy: false, error: err as ApiError });
    }
  };
  return (
    <Stack>
      <Title order={1}>{t('audit.title')}</Title>
      <Group>
        <Button variant="light" onClick={() => void runVerify()} loading={verify.busy}>{t('audit.verify')}</Button>
        {verify.result && (verify.result.valid
          ? <Alert color="green" role="status" py={6}>{t('audit.valid', { entries: verify.result.entries })}</Alert>
          : <Alert color="red" role="alert" py={6}>{t('audit.invalid', { seq: verify.result.firstBadSeq, reason: verify.result.reason })}</Alert>)}
        {verify.error && <ErrorState error={verify.error} />}
      </Group>
      <form onSubmit={(e) => { e.preventDefault(); apply(); }}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <TextInput label={t('audit.officer')} value={form.officer} onChange={(e) => setForm({ ...form, officer: e.currentTarget.value })} error={problems['/querystring/officer']} />
          <TextInput label={t('audit.person')} inputMode="numeric" value={form.subject} onChange={(e) => setForm({ ...form, subject: e.currentTarget.value })} error={problems['/querystring/subject']} />
          <DateField label={t('audit.from')} value={form.since} onChange={(v) => setForm({ ...form, since: v })} error={badSince ? t('form.badDate') : problems['/querystring/since']} />
          <DateField label={t('audit.to')} value={form.until} onChange={(v) => setForm({ ...form, until: v })} error={badUntil ? t('form.badDate') : problems['/querystring/until']} />
        </SimpleGrid>
        <Button type="submit" mt="sm">{t('audit.apply')}</Button>
      </form>
      {first.loading && !first.data ? <Loading /> : first.error ? (Object.keys(problems).length ? null : <ErrorState error={first.error} retry={first.reload} />) : items.length === 0 ? <Empty /> : (
        <>
          <TableScroll label={t('audit.title')}>
            <Table striped data-testid="audit" data-filters={first.data?.filters}>
              <Table.Thead><Table.Tr>
                <Table.Th scope="col">#</Table.Th><Table.Th scope="col">{t('audit.when')}</Table.Th><Table.Th scope="col">{t('audit.who')}</Table.Th>
                <Table.Th scope="col">{t('audit.action')}</Table.Th><Table.Th scope="col">{t('audit.subject')}</Table.Th><Table.Th scope="col">{t('audit.request')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.seq}>
                    <Table.Td>{e.seq}</Table.Td>
                    <Table.Td>{formatInstant(e.at)}</Table.Td>
                    <Table.Td>{e.actorUsername ?? e.actor}</Table.Td>
                    <Table.Td ff="monospace">{e.action}</Table.Td>
                    <Table.Td>{e.subject ? (me && canReadPersons(me) ? <Anchor component={Link} href={`/persons/${e.subject}`} ff="monospace">{e.subject}</Anchor> : <Text ff="monospace" span>{e.subject}</Text>) : '—'}</Table.Td>
                    <Table.Td><Text size="xs" ff="monospace" className="wrap-anywhere">{e.requestId ?? '—'}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {items.length % PAGE === 0 && <Button variant="default" onClick={() => void more()}>{t('audit.more')}</Button>}
        </>
      )}
    </Stack>
  );
}
