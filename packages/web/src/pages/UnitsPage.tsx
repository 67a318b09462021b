// Administrative units: the 34 provinces of today and their communes; the date switch shows the 63
// provinces before 1 July 2025 and their communes, each with the unit(s) it became (and today's
// units with those they were formed from). The data set has no district level (docs/web.md).
import { Alert, Anchor, Badge, Button, Drawer, Grid, Group, NavLink, ScrollArea, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { AdminUnit, AdminUnitDetail, AdminUnits } from '../api/types.ts';
import { ErrorState, Loading, Empty } from '../components/States.tsx';
import { useApi } from '../components/useApi.ts';
import { navigate, useLocation } from '../router.tsx';
import { todayInVietnam } from '../format.ts';
import { TableScroll } from '../components/TableScroll.tsx';

const BEFORE = '2025-06-30';
const PAGE = 200;

export default function UnitsPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const era = query.get('era') === 'before' ? 'before' : 'today';
  const at = era === 'before' ? BEFORE : todayInVietnam();
  const province = query.get('province') ?? '';
  const [filter, setFilter] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [detail, setDetail] = useState<string | null>(null);
  const set = (p: Record<string, string>) => {
    const q = new URLSearchParams({ ...(era === 'before' ? { era } : {}), ...(province ? { province } : {}), ...p });
    for (const [k, v] of [...q]) if (!v) q.delete(k);
    navigate(`/units${q.size ? `?${q}` : ''}`, { replace: true });
  };
  const provinces = useApi((signal) => get<AdminUnits>('/admin-units', { signal, query: { level: 'province', at, limit: 100 } }), [at]);
  const communes = useApi(province ? (signal) => get<AdminUnits>('/admin-units', { signal, query: { level: 'commune', province, at, name: filter.trim() || undefined, limit } }) : null, [province, at, filter, limit]);
  const chosen = provinces.data?.items.find((p) => p.id === province);
  return (
    <Stack>
      <Title order={1}>{t('units.title')}</Title>
      <SegmentedControl aria-label={t('units.at')} value={era} onChange={(v) => { setLimit(PAGE); set({ era: v === 'before' ? 'before' : '', province: '' }); }}
        data={[{ value: 'today', label: t('units.today') }, { value: 'before', label: t('units.before') }]} style={{ alignSelf: 'flex-start', maxWidth: '100%' }} />
      {era === 'before' && <Alert color="blue" role="note">{t('units.districts')}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Title order={2} size="h4" mb="xs">{t('units.provinces')} {provinces.data && <Badge variant="light">{provinces.data.total}</Badge>}</Title>
          {provinces.loading && !provinces.data ? <Loading /> : provinces.error ? <ErrorState error={provinces.error} retry={provinces.reload} /> : (
            <ScrollArea.Autosize mah={{ base: 300, md: '70vh' } as never} type="auto">
              <nav aria-label={t('units.provinces')}>
                {provinces.data!.items.map((p) => (
                  <NavLink key={p.id} label={p.name} active={p.id === province}
                    aria-current={p.id === province ? 'true' : undefined} href={`/units?${new URLSearchParams({ ...(era === 'before' ? { era } : {}), province: p.id })}`}
                    onClick={(e) => { e.preventDefault(); setLimit(PAGE); set({ province: p.id }); }} />
                ))}
              </nav>
            </ScrollArea.Autosize>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {!province ? <Text c="dimmed">{t('units.choose')}</Text> : (
            <Stack>
              <Group justify="space-between" align="flex-end">
                <Title order={2} size="h4" className="wrap-anywhere">{chosen?.name ?? province}</Title>
                {chosen && <Button variant="default" size="xs" onClick={() => setDetail(chosen.id)}>{t('units.details')}</Button>}
              </Group>
              <TextInput label={t('units.filter')} value={filter} onChange={(e) => { setFilter(e.currentTarget.value); setLimit(PAGE); }} />
              {communes.loading && !communes.data ? <Loading /> : communes.error ? <ErrorState error={communes.error} retry={communes.reload} /> : communes.data && (
                communes.data.items.length === 0 ? <Empty /> : (
                  <>
                    <Text size="sm" role="status">{t('units.count', { count: communes.data.total })}</Text>
                    <TableScroll label={t('units.communes')}>
                      <Table striped>
                        <Table.Thead><Table.Tr><Table.Th scope="col">{t('units.code')}</Table.Th><Table.Th scope="col">{t('units.name')}</Table.Th><Table.Th scope="col"><span className="visually-hidden">{t('units.details')}</span></Table.Th></Table.Tr></Table.Thead>
                        <Table.Tbody>
                          {communes.data.items.map((c: AdminUnit) => (
                            <Table.Tr key={c.id}>
                              <Table.Td ff="monospace">{c.code}</Table.Td>
                              <Table.Td>{c.name}</Table.Td>
                              <Table.Td><Anchor component="button" type="button" onClick={() => setDetail(c.id)} aria-label={`${era === 'before' ? t('units.successors') : t('units.predecessors')}: ${c.name}`}>{era === 'before' ? t('units.successors') : t('units.predecessors')}</Anchor></Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </TableScroll>
                    {communes.data.total > communes.data.items.length && <Button variant="default" onClick={() => setLimit((l) => l + PAGE)}>{t('units.more')}</Button>}
                  </>
                )
              )}
            </Stack>
          )}
        </Grid.Col>
      </Grid>
      <Drawer opened={detail !== null} onClose={() => setDetail(null)} position="right" title={t('units.details')} closeButtonProps={{ 'aria-label': t('units.close') }}>
        {detail && <UnitDetail id={detail} />}
      </Drawer>
    </Stack>
  );
}

function UnitDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const u = useApi((signal) => get<AdminUnitDetail>(`/admin-units/${id}`, { signal }), [id]);
  if (u.loading && !u.data) return <Loading />;
  if (u.error) return <ErrorState error={u.error} retry={u.reload} />;
  const d = u.data!;
  const list = (xs: AdminUnitDetail['successors']) => xs.length === 0 ? <Text c="dimmed">—</Text> : (
    <Stack gap={2}>{xs.map((x) => <Text key={x.id}>{x.name} <Text span c="dimmed" size="sm">({x.id}){x.partial ? ` ${t('units.partial')}` : ''}</Text></Text>)}</Stack>
  );
  return (
    <Stack>
      <Title order={3} className="wrap-anywhere">{d.name}</Title>
      <Text size="sm">{t('units.code')} {d.code} · {d.validTo ? `→ ${d.validTo.split('-').reverse().join('/')}` : `${d.validFrom?.split('-').reverse().join('/') ?? ''} →`}</Text>
      <Title order={4}>{t('units.successors')}</Title>
      {list(d.successors)}
      <Title order={4}>{t('units.predecessors')}</Title>
      {list(d.predecessors)}
    </Stack>
  );
}
