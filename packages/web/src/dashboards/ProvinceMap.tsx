// The schematic map of the provinces (build/map-data.ts): each province is the Voronoi cell around
// its seat, clipped to the national outline, coloured by the chosen indicator in five classes.
// Labelled as schematic, with its sources; the same figures are in the table beside it.
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import map from '../generated/map.json';

const CLASSES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const NO_DATA = '#e9ecef';

export interface MapValue { id: string; name: string; value: number | null; text: string }

export function ProvinceMap({ generation, values, title }: { generation: 1 | 2; values: MapValue[]; title: string }) {
  const { t } = useTranslation();
  const byId = new Map(values.map((v) => [v.id, v]));
  const numbers = values.map((v) => v.value).filter((v): v is number => v !== null);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const classOf = (v: number) => (max === min ? CLASSES.length - 1 : Math.min(CLASSES.length - 1, Math.floor(((v - min) / (max - min)) * CLASSES.length)));
  const cells = map.generations[String(generation) as '1' | '2'];
  return (
    <Stack gap="xs" className="map">
      <svg viewBox={`0 0 ${map.width} ${map.height}`} role="img" aria-labelledby="map-title map-desc">
        <title id="map-title">{title}</title>
        <desc id="map-desc">{t('dash.schematic')}</desc>
        <defs><clipPath id="vn-outline"><path d={map.outline} /></clipPath></defs>
        <g clipPath="url(#vn-outline)">
          {cells.map((c) => {
            const v = byId.get(c.id);
            return (
              <path key={c.id} className="cell" d={c.cell} fill={v && v.value !== null ? CLASSES[classOf(v.value)] : NO_DATA}>
                <title>{v ? `${v.name}: ${v.text}` : `${c.id}: ${t('dash.noData')}`}</title>
              </path>
            );
          })}
        </g>
        <path d={map.outline} fill="none" stroke="#495057" strokeWidth={0.8} />
      </svg>
      <Group gap={4} aria-label={t('dash.legend')} role="list">
        {CLASSES.map((c, i) => (
          <Group key={c} gap={4} role="listitem">
            <span style={{ display: 'inline-block', width: 14, height: 14, background: c, border: '1px solid #868e96' }} aria-hidden />
            <Text size="xs">{numbers.length ? Math.round(min + ((max - min) * i) / CLASSES.length).toLocaleString() : '—'}</Text>
          </Group>
        ))}
      </Group>
      <Text size="xs">{t('dash.schematic')} <Anchor href="/map-sources.txt" size="xs" target="_blank" rel="noopener">{t('dash.sources')}</Anchor></Text>
    </Stack>
  );
}
