import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { it, type MessageKey } from './it';

export type Locale = 'it' | 'en';
const catalogues: Record<Locale, Record<MessageKey, string>> = { it, en };
const STORAGE = 'coop.locale';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  t: Translate;
  /** Whether a key exists (for codes that come from the server: rules, field errors). */
  has: (key: string) => key is MessageKey;
  toggle: () => void;
}

const I18nContext = createContext<I18n | null>(null);

/** Italian first; English as a switch, remembered by the browser. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocale] = useState<Locale>(() => (localStorage.getItem(STORAGE) === 'en' ? 'en' : 'it'));
  useEffect(() => {
    document.documentElement.lang = locale;
    localStorage.setItem(STORAGE, locale);
  }, [locale]);
  const t = useCallback<Translate>(
    (key, values = {}) => catalogues[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`)),
    [locale],
  );
  const value = useMemo<I18n>(
    () => ({ locale, t, has: (key): key is MessageKey => key in it, toggle: () => setLocale((l) => (l === 'it' ? 'en' : 'it')) }),
    [locale, t],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
