// Choosing a commune or ward by typing part of its name (GET /admin-units, diacritics ignored),
// among the units in force on the act's date; the value is the unit id the API takes.
import { Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import type { AdminUnits } from '../api/types.ts';

const provinceNames = new Map<string, string>();

async function loadProvinces(signal: AbortSignal): Promise<void> {
  if (provinceNames.size) return;
  for (const at of ['2024-01-01', new Date().toISOString().slice(0, 10)]) {
    const r = await get<AdminUnits>('/admin-units', { signal, query: { level: 'province', at, limit: 100 } });
    for (const u of r.items) provinceNames.set(u.id, u.name);
  }
}

export function UnitPicker({ label, description, value, onChange, error, at, name, required }: {
  label: string; description?: string; value: string; onChange(id: string): void; error?: string; at?: string; name: string; required?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  useEffect(() => {
    const term = search.trim();
    if (term.length < 2 || (chosen && chosen.label === search)) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      void (async () => {
        await loadProvinces(ctl.signal);
        const r = await get<AdminUnits>('/admin-units', { signal: ctl.signal, query: { level: 'commune', name: term, at, limit: 30 } });
        setOptions(r.items.map((u) => ({ value: u.id, label: `${u.name}, ${provinceNames.get(u.provinceId ?? '') ?? ''}` })));
      })().catch(() => {});
    }, 250);
    return () => { clearTimeout(timer); ctl.abort(); };
  }, [search, at, chosen]);
  const data = chosen && !options.some((o) => o.value === chosen.value) ? [chosen, ...options] : options;
  return (
    <Select
      label={label} description={description ?? t('form.unitHelp')} searchable clearable required={required}
      data={data} value={value || null} searchValue={search} onSearchChange={setSearch} filter={({ options: o }) => o}
      onChange={(id) => { setChosen(data.find((o) => o.value === id) ?? null); onChange(id ?? ''); }}
      error={error} name={name} data-field={name} nothingFoundMessage={search.trim().length >= 2 ? t('state.empty') : undefined}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
