// A recorded unit as officers need to read it: its name and province, and — for a unit abolished
// on 1 July 2025 — the unit(s) it lies in today.
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UnitView } from '../api/types.ts';

export function unitLabel(u: UnitView | null | undefined): string {
  if (!u) return '—';
  return u.provinceName && u.level === 'commune' ? `${u.name}, ${u.provinceName}` : u.name;
}

export function UnitName({ unit }: { unit: UnitView | null | undefined }) {
  const { t } = useTranslation();
  if (!unit) return <>—</>;
  return (
    <>
      {unitLabel(unit)}
      {!unit.current && unit.today.length > 0 && !(unit.today.length === 1 && unit.today[0]!.name === unit.name) && (
        <Text span size="sm" c="dimmed"> ({t('person.today', { name: unit.today.map((x) => `${x.name}${x.partial ? ` – ${t('person.partial')}` : ''}`).join('; ') })})</Text>
      )}
    </>
  );
}
