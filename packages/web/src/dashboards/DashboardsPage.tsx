// Dashboards for provincial and central officers: population per province, births and deaths
// per month, the register's completeness per province for the fields the law requires, and the
// schematic map coloured by the indicator chosen — under the 34 provinces of today or the 63 of
// before 1 July 2025. Every figure comes from the API's SQL aggregates (GET /statistics/…).
import { Card, Grid, Group, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { Completeness, Population, VitalEvents } from '../api/types.ts';
import { ErrorState, Loading } from '../components/States.tsx';
import { useApi } from '../components/useApi.ts';
import { number } from '../format.ts';
import { useSession } from '../session.tsx';
import { Chart } from './Chart.tsx';
import { ProvinceMap, type MapValue } from './ProvinceMap.tsx';
import { TableScroll } from '../components/TableScroll.tsx';

const pct = (filled: number, applicable: number) => (applicable === 0 ? null : (100 * filled) / applicable);
const fmtPct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} %`);

export default function DashboardsPage() {
  const { t, i18n } = useTranslation();
  const { officer } = useSession();
  const [generation, setGeneration] = useState<1 | 2>(2);
  const [indicator, setIndicator] = useState('living');
  const population = useApi((signal) => get<Population>('/statistics/population', { signal, query: { generation } }), [generation]);
  const completeness = useApi((signal) => get<Completeness>('/statistics/completeness', { signal, query: { generation } }), [generation]);
  const vital = useApi((signal) => get<VitalEvents>('/statistics/vital-events', { signal }), []);
  const lang = i18n.language;
  const fieldLabel = (f: string) => t(`person.${f}`, { defaultValue: f });

  const overall = useMemo(() => new Map((completeness.data?.items ?? []).map((p) => {
    const shares = Object.values(p.fields).map((f) => pct(f.filled, f.applicable)).filter((x): x is number => x !== null);
    return [p.provinceId, shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null] as const;
  })), [completeness.data]);

  const mapValues: MapValue[] = useMemo(() => {
    if (indicator === 'living' || indicator === 'deceased') {
      return (population.data?.items ?? []).map((p) => ({ id: p.provinceId, name: p.provinceName, value: p[indicator], text: number(p[indicator], lang) }));
    }
    return (completeness.data?.items ?? []).map((p) => {
      const v = indicator === 'completeness' ? overall.get(p.provinceId) ?? null
        : pct(p.fields[indicator.slice(6)]?.filled ?? 0, p.fields[indicator.slice(6)]?.applicable ?? 0);
      return { id: p.provinceId, name: p.provinceName, value: v, text: fmtPct(v) };
    });
  }, [indicator, population.data, completeness.data, overall, lang]);

  const scope = officer?.jurisdiction ? t('dash.scopeProvince', { name: officer.jurisdiction.name }) : t('dash.scopeNational');
  const indicators = [
    { value: 'living', label: t('dash.living') },
    { value: 'deceased', label: t('dash.deceased') },
    { value: 'completeness', label: `${t('dash.completeness')} — ${t('dash.overall')}` },
    ...(completeness.data?.fields ?? []).map((f) => ({ value: `field:${f.field}`, label: `${t('dash.completeness')} — ${fieldLabel(f.field)}` })),
  ];
  const indicatorLabel = indicators.find((i) => i.value === indicator)?.label ?? '';

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('dash.title')}</Title>
          <Text>{scope}</Text>
        </div>
        <SegmentedControl aria-label={t('dash.generation')} value={String(generation)} onChange={(v) => setGeneration(v === '1' ? 1 : 2)}
          data={[{ value: '2', label: t('dash.gen2') }, { value: '1', label: t('dash.gen1') }]} />
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder component="section" aria-labelledby="map-heading">
            <Title order={2} size="h4" id="map-heading" mb="xs">{t('dash.map')}</Title>
            <Select label={t('dash.indicator')} data={indicators} value={indicator} onChange={(v) => setIndicator(v ?? 'living')} allowDeselect={false} mb="sm" />
            {(population.loading && !population.data) || (completeness.loading && !completeness.data) ? <Loading />
              : population.error ? <ErrorState error={population.error} retry={population.reload} />
              : <ProvinceMap generation={generation} values={mapValues} title={`${t('dash.map')}: ${indicatorLabel}`} />}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Card withBorder component="section" aria-labelledby="pop-heading">
              <Title order={2} size="h4" id="pop-heading" mb="xs">{t('dash.population')}</Title>
              {population.loading && !population.data ? <Loading /> : population.error ? <ErrorState error={population.error} retry={population.reload} /> : (
                <PopulationChart data={population.data!} />
              )}
            </Card>
            <Card withBorder component="section" aria-labelledby="vital-heading">
              <Title order={2} size="h4" id="vital-heading" mb="xs">{t('dash.vital')}</Title>
              {vital.loading && !vital.data ? <Loading /> : vital.error ? <ErrorState error={vital.error} retry={vital.reload} /> : (
                <Chart height={260} label={t('dash.vital')} option={{
                  tooltip: { trigger: 'axis' }, legend: { data: [t('dash.births'), t('dash.deaths')] },
                  grid: { left: 48, right: 16, top: 40, bottom: 40 },
                  xAxis: { type: 'category', data: vital.data!.months.map((m) => `${m.month.slice(5)}/${m.month.slice(0, 4)}`) },
                  yAxis: { type: 'value' },
                  series: [
                    { name: t('dash.births'), type: 'line', data: vital.data!.months.map((m) => m.births), color: '#1864ab' },
                    { name: t('dash.deaths'), type: 'line', data: vital.data!.months.map((m) => m.deaths), color: '#c92a2a' },
                  ],
                }} />
              )}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <Card withBorder component="section" aria-labelledby="comp-heading">
        <Title order={2} size="h4" id="comp-heading" mb="xs">{t('dash.completeness')}</Title>
        {completeness.loading && !completeness.data ? <Loading /> : completeness.error ? <ErrorState error={completeness.error} retry={completeness.reload} /> : (
          <TableScroll label={t('dash.completeness')}>
            <Table striped withTableBorder fz="xs" className="figures" data-testid="completeness">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('dash.province')}</Table.Th>
                  <Table.Th scope="col">{t('dash.persons')}</Table.Th>
                  <Table.Th scope="col">{t('dash.overall')}</Table.Th>
                  {completeness.data!.fields.map((f) => <Table.Th scope="col" key={f.field} title={f.appliesTo}>{fieldLabel(f.field)}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {completeness.data!.items.map((p) => (
                  <Table.Tr key={p.provinceId}>
                    <Table.Th scope="row">{p.provinceName}</Table.Th>
                    <Table.Td>{number(p.persons, lang)}</Table.Td>
                    <Table.Td>{fmtPct(overall.get(p.provinceId) ?? null)}</Table.Td>
                    {completeness.data!.fields.map((f) => <Table.Td key={f.field}>{fmtPct(pct(p.fields[f.field]?.filled ?? 0, p.fields[f.field]?.applicable ?? 0))}</Table.Td>)}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </Card>
    </Stack>
  );
}

function PopulationChart({ data }: { data: Population }) {
  const { t, i18n } = useTranslation();
  const items = [...data.items].sort((a, b) => b.living - a.living);
  return (
    <Stack gap="xs">
      <Chart height={Math.max(200, items.length * 16 + 60)} label={t('dash.population')} option={{
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 150, right: 24, top: 8, bottom: 24 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', inverse: true, data: items.map((p) => p.provinceName), axisLabel: { fontSize: 10, width: 140, overflow: 'truncate' } },
        series: [{ name: t('dash.living'), type: 'bar', data: items.map((p) => p.living), color: '#1864ab' }],
      }} />
      {data.approximate > 0 && <Text size="xs">{t('dash.approximate', { count: data.approximate })}</Text>}
      {data.unplaced > 0 && <Text size="xs">{t('dash.unplaced', { count: data.unplaced })}</Text>}
      <details>
        <summary>{t('dash.table')}</summary>
        <Table fz="xs">
          <Table.Thead><Table.Tr><Table.Th scope="col">{t('dash.province')}</Table.Th><Table.Th scope="col">{t('dash.living')}</Table.Th><Table.Th scope="col">{t('dash.deceased')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{items.map((p) => (
            <Table.Tr key={p.provinceId}><Table.Th scope="row">{p.provinceName}</Table.Th><Table.Td>{number(p.living, i18n.language)}</Table.Td><Table.Td>{number(p.deceased, i18n.language)}</Table.Td></Table.Tr>
          ))}</Table.Tbody>
        </Table>
      </details>
    </Stack>
  );
}
