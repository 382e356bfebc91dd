// UI strings in Russian (default) and English, and the locale switch.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../../../shared/domain';
import type * as adminPage from './messages/admin';
import type * as calendarPage from './messages/calendar';
import type * as entryPage from './messages/entry';
import type * as journalPage from './messages/journal';
import * as shellMessages from './messages/shell';
import type * as statsPage from './messages/stats';
import * as workMessages from './messages/work';

const ru = {
  'app.title': 'Журнал Ситуационного центра',
  'app.short': 'callog',
  'nav.desk': 'Рабочее место',
  'nav.journal': 'Журнал',
  'nav.stats': 'Статистика',
  'nav.reports': 'Отчёты',
  'nav.admin': 'Администрирование',
  'nav.admin.users': 'Пользователи',
  'nav.admin.organizations': 'Справочник ОО',
  'nav.admin.calendar': 'Рабочий календарь',
  'user.logout': 'Выйти',
  'user.language': 'English',
  'login.title': 'Вход в систему',
  'login.subtitle': 'Журнал специалиста Ситуационного центра',
  'login.login': 'Логин',
  'login.password': 'Пароль',
  'login.submit': 'Войти',
  'login.loginRequired': 'Введите логин',
  'login.passwordRequired': 'Введите пароль',
  'common.save': 'Сохранить',
  'common.cancel': 'Отмена',
  'common.create': 'Создать',
  'common.edit': 'Изменить',
  'common.search': 'Поиск',
  'common.loading': 'Загрузка…',
  'common.yes': 'Да',
  'common.no': 'Нет',
  'common.empty': 'Пока пусто',
  'common.demo': 'Демо-АТС',
  'page.soon': 'Раздел появится в следующих версиях.',
  'common.back': 'Назад',
  'common.confirm': 'Подтвердить',
  'common.ok': 'Ок',
} as const;

/** Keys of the strings that load with the pages using them (messages/*.ts that call registerMessages). */
type PageKeys =
  | keyof typeof entryPage.ru
  | keyof typeof journalPage.ru
  | keyof typeof calendarPage.ru
  | keyof typeof adminPage.ru
  | keyof typeof statsPage.ru;
const first = { ...ru, ...shellMessages.ru, ...workMessages.ru };
/** Keys of the first load's strings (their English: messages/first.en.ts). */
export type FirstKey = keyof typeof first;
export type MessageKey = FirstKey | PageKeys;

/**
 * The strings known so far: those of the first load (the shell, the login page, the desk) and those the
 * pages loaded since have registered: a page's strings travel in its own chunk, not in the first load.
 */
const loaded: Record<Locale, Record<string, string>> = {
  ru: { ...first },
  en: {},
};
let english: Promise<void> | undefined;

/** Fetches the English of the first load (once); the pages' modules carry their own. */
export function loadEnglish(): Promise<void> {
  english ??= import('./messages/first.en').then((m) => void Object.assign(loaded.en, m.en));
  return english;
}

/** Called by a page's messages module when its chunk loads. */
export function registerMessages(m: { ru: Record<string, string>; en: Record<string, string> }): void {
  Object.assign(loaded.ru, m.ru);
  Object.assign(loaded.en, m.en);
}

/** Every string of a language known so far (for the tests). */
export function loadedMessages(locale: Locale): Readonly<Record<string, string>> {
  return loaded[locale];
}

/** A string outside React (API errors): in `locale`, or Russian, or the key. */
export function message(locale: Locale, key: MessageKey): string {
  return loaded[locale][key] ?? loaded.ru[key] ?? key;
}

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  /** The string in the current language; `{name}` placeholders are filled from `params`. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** A label from shared/domain's label maps. */
  label: (map: Record<string, { ru: string; en: string }>, key: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'callog.locale';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ru'));
  // English chosen earlier: its strings come first (a moment), then the page.
  const [ready, setReady] = useState(locale === 'ru');
  useEffect(() => {
    if (!ready) void loadEnglish().then(() => setReady(true));
  }, [ready]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale: (l) => {
        localStorage.setItem(STORAGE_KEY, l);
        document.documentElement.lang = l;
        void (l === 'en' ? loadEnglish() : Promise.resolve()).then(() => setLocaleState(l));
      },
      t: (key, params) => {
        const text = message(locale, key);
        return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
      },
      label: (map, key) => (key ? (map[key]?.[locale] ?? key) : ''),
    }),
    [locale],
  );
  if (!ready) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
