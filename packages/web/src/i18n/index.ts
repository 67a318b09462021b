// i18next with the two languages bundled (no network loads): Vietnamese by default, English by the
// switch in the header; the choice is remembered in localStorage and sets <html lang>.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { vi } from './vi.ts';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = 'cancuoc.language';

function remembered(): Language {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch { /* private mode: the choice lasts for this page only */ }
  void i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  document.title = lng === 'en' ? 'Căn cước — National Population Database' : 'Căn cước — Cơ sở dữ liệu quốc gia về dân cư';
});

await i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: remembered(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
