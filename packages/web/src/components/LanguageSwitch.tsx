// Vietnamese / English, remembered across visits (src/i18n).
import { SegmentedControl } from '@mantine/core';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n/index.ts';

// Memoised: the header re-renders on every navigation, and the control measures its indicator
// (a layout) each time it renders.
export const LanguageSwitch = memo(function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('lang.label')}
      value={i18n.language}
      onChange={(v) => setLanguage(v as Language)}
      data={[{ value: 'vi', label: 'VI' }, { value: 'en', label: 'EN' }].map((o) => ({ ...o, label: <span lang={o.value} title={t(`lang.${o.value}`)}>{o.label}</span> }))}
    />
  );
});
