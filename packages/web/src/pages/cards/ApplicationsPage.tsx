// The identity-card applications of the offices of the officer's jurisdiction (GET
// /card-applications, newest first; the API applies the jurisdiction and audits each person
// listed): a commune officer sees their commune's office, a provincial officer every office of the
// province, central officers and administrators all. Filtered by status, 20 a page.
import { Anchor, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { APPLICATION_STATUSES, type CardApplicationItem, type CardApplications } from '../../api/card-types.ts';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useApi } from '../../components/useApi.ts';
import { useUnitNames } from '../../components/useUnitNames.ts';
import { formatDate } from '../../format.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { ApplicationStatusBadge } from './labels.tsx';
import './i18n.ts';

const PAGE = 20;

export default function ApplicationsPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const asked = query.get('status') ?? '';
  const status = (APPLICATION_STATUSES as readonly string[]).includes(asked) ? asked : '';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const list = useApi((signal) => get<CardApplications>('/card-applications', {
    signal, query: { limit: PAGE, offset, status: status || undefined },
  }), [status, offset]);
  const go = (s: string, o: number) => navigate(`/cards/applications?${new URLSearchParams({ ...(s ? { status: s } : {}), ...(o ? { offset: String(o) } : {}) })}`, { replace: true });
  const items = list.data?.items ?? [];
  // The list names offices by id only: their names, once per office.
  const offices = useUnitNames(items.map((a) => a.receivingUnitId));
  return (
    <Stack>
      <Title order={1}>{t('cards.queue.title')}</Title>
      <Text size="sm">{t('cards.queue.intro')}</Text>
      <Select label={t('cards.queue.filter')} w={{ base: '100%', sm: 280 }} value={status || 'all'} allowDeselect={false} name="status" data-testid="status-filter"
        data={[{ value: 'all', label: t('cards.statusAll') }, ...APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`cards.status.${s}`) }))]}
        onChange={(v) => go(v === 'all' || !v ? '' : v, 0)} comboboxProps={{ withinPortal: true }} />
      {list.loading && !list.data ? <Loading /> : list.error ? <ErrorState error={list.error} retry={list.reload} /> : items.length === 0 ? <Empty>{t('cards.queue.none')}</Empty> : (
        <>
          <TableScroll label={t('cards.queue.title')}>
            <Table striped data-testid="applications">
              <Table.Thead><Table.Tr>
                <Table.Th scope="col">{t('cards.queue.reference')}</Table.Th><Table.Th scope="col">{t('cards.queue.person')}</Table.Th>
                <Table.Th scope="col">{t('cards.queue.kind')}</Table.Th><Table.Th scope="col">{t('cards.queue.status')}</Table.Th>
                <Table.Th scope="col">{t('cards.queue.received')}</Table.Th><Table.Th scope="col">{t('cards.queue.office')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>{items.map((a) => <Row key={a.id} a={a} office={offices[a.receivingUnitId] ?? a.receivingUnitId} />)}</Table.Tbody>
            </Table>
          </TableScroll>
          <Group>
            {offset > 0 && <Button variant="default" onClick={() => go(status, Math.max(0, offset - PAGE))}>{t('search.previous')}</Button>}
            {items.length === PAGE && <Button variant="default" onClick={() => go(status, offset + PAGE)}>{t('search.next')}</Button>}
          </Group>
        </>
      )}
    </Stack>
  );
}

function Row({ a, office }: { a: CardApplicationItem; office: string }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td><Anchor component={Link} href={`/cards/applications/${a.id}`} ff="monospace" aria-label={t('cards.queue.openOne', { reference: a.reference })}>{a.reference}</Anchor></Table.Td>
      <Table.Td>
        <Stack gap={0}>
          <Text fw={500} className="wrap-anywhere">{a.fullName ?? '—'}</Text>
          <Text size="sm" ff="monospace">{a.idNumber}</Text>
        </Stack>
      </Table.Td>
      <Table.Td>{t(`cards.kind.${a.kind}`)}</Table.Td>
      <Table.Td><ApplicationStatusBadge status={a.status} /></Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(a.createdAt)}</Table.Td>
      <Table.Td className="wrap-anywhere">{office}</Table.Td>
    </Table.Tr>
  );
}
