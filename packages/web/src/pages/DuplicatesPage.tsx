// The duplicate review queue (docs/quality.md "Review"): the open pairs whose two persons live in
// the officer's jurisdiction — a commune officer sees their commune's queue, a provincial officer
// their province's, a central officer every pair — "same person" band first, best score first.
// Each row tells the two records apart at a glance (name, birth date, ID number); the pair's page
// shows the score explained per field and takes the decision.
import { Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { DuplicatePair, DuplicatePairs } from '../api/types.ts';
import { TableScroll } from '../components/TableScroll.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { useApi } from '../components/useApi.ts';
import { formatDate } from '../format.ts';
import { Link, navigate, useLocation } from '../router.tsx';

const PAGE = 20;
const BANDS = ['all', 'same', 'review'] as const;

export default function DuplicatesPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const band = (BANDS as readonly string[]).includes(query.get('band') ?? '') ? query.get('band')! : 'all';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const pairs = useApi((signal) => get<DuplicatePairs>('/quality/pairs', {
    signal, query: { limit: PAGE, offset, band: band === 'all' ? undefined : band },
  }), [band, offset]);
  const go = (b: string, o: number) => navigate(`/quality/pairs?${new URLSearchParams({ ...(b !== 'all' ? { band: b } : {}), ...(o ? { offset: String(o) } : {}) })}`, { replace: true });
  const items = pairs.data?.items ?? [];
  return (
    <Stack>
      <Title order={1}>{t('dup.title')}</Title>
      <Text size="sm">{t('dup.intro')}</Text>
      <SegmentedControl aria-label={t('dup.band')} value={band} onChange={(b) => go(b, 0)} w="fit-content"
        data={BANDS.map((b) => ({ value: b, label: t(`dup.bands.${b}`) }))} />
      {pairs.loading && !pairs.data ? <Loading /> : pairs.error ? <ErrorState error={pairs.error} retry={pairs.reload} /> : items.length === 0 ? <Empty>{t('dup.none')}</Empty> : (
        <>
          <TableScroll label={t('dup.title')}>
            <Table striped data-testid="pairs">
              <Table.Thead><Table.Tr>
                <Table.Th scope="col">{t('dup.score')}</Table.Th><Table.Th scope="col">{t('dup.first')}</Table.Th>
                <Table.Th scope="col">{t('dup.second')}</Table.Th><Table.Th scope="col"><span className="visually-hidden">{t('dup.open')}</span></Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>{items.map((p) => <PairRow key={p.id} pair={p} />)}</Table.Tbody>
            </Table>
          </TableScroll>
          <Group>
            {offset > 0 && <Button variant="default" onClick={() => go(band, Math.max(0, offset - PAGE))}>{t('search.previous')}</Button>}
            {items.length === PAGE && <Button variant="default" onClick={() => go(band, offset + PAGE)}>{t('search.next')}</Button>}
          </Group>
        </>
      )}
    </Stack>
  );
}

export function BandBadge({ band }: { band: string }) {
  const { t } = useTranslation();
  return <Badge color={band === 'same' ? 'red' : band === 'review' ? 'yellow' : 'gray'} variant="light">{t(`dup.bands.${band}`, { defaultValue: band })}</Badge>;
}

function PairRow({ pair }: { pair: DuplicatePair }) {
  const { t } = useTranslation();
  const who = (p: DuplicatePair['a']) => (
    <Stack gap={0}>
      <Text fw={500} className="wrap-anywhere">{p.fullName ?? '—'}</Text>
      <Text size="sm" c="dimmed">{formatDate(p.birthDate)} · <Text span ff="monospace" size="sm">{p.idNumber}</Text></Text>
    </Stack>
  );
  return (
    <Table.Tr>
      <Table.Td><Group gap="xs" wrap="nowrap"><Text ff="monospace">{pair.score.toFixed(1)}</Text><BandBadge band={pair.band} /></Group></Table.Td>
      <Table.Td>{who(pair.a)}</Table.Td>
      <Table.Td>{who(pair.b)}</Table.Td>
      <Table.Td><Anchor component={Link} href={`/quality/pairs/${pair.id}`} aria-label={t('dup.openPair', { a: pair.a.fullName ?? pair.a.idNumber, b: pair.b.fullName ?? pair.b.idNumber })}>{t('dup.open')}</Anchor></Table.Td>
    </Table.Tr>
  );
}
