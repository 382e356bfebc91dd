// UI strings in Russian (default) and English, and the locale switch.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../../../shared/domain';

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
  'users.title': 'Пользователи',
  'users.add': 'Добавить пользователя',
  'users.login': 'Логин',
  'users.fullName': 'ФИО',
  'users.role': 'Роль',
  'users.extensions': 'Внутренние номера',
  'users.extensionsHint': 'Номера телефонов специалиста на АТС, например 101',
  'users.subsystems': 'Подсистемы',
  'users.active': 'Активен',
  'users.password': 'Пароль',
  'users.newPassword': 'Новый пароль (оставьте пустым, чтобы не менять)',
  'users.deactivate': 'Отключить',
  'users.activate': 'Включить',
  'users.deactivateConfirm': 'Отключить пользователя? Все его сеансы будут завершены.',
  'users.created': 'Пользователь создан',
  'users.saved': 'Изменения сохранены',
  'users.inactive': 'отключён',
  'users.searchPlaceholder': 'Логин или ФИО',
} as const;

export type MessageKey = keyof typeof ru;

const en: Record<MessageKey, string> = {
  'app.title': 'Situation centre journal',
  'app.short': 'callog',
  'nav.desk': 'Desk',
  'nav.journal': 'Journal',
  'nav.stats': 'Statistics',
  'nav.reports': 'Reports',
  'nav.admin': 'Administration',
  'nav.admin.users': 'Users',
  'nav.admin.organizations': 'Organisations',
  'nav.admin.calendar': 'Working calendar',
  'user.logout': 'Log out',
  'user.language': 'Русский',
  'login.title': 'Log in',
  'login.subtitle': 'Situation centre specialist journal',
  'login.login': 'Login',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.loginRequired': 'Enter your login',
  'login.passwordRequired': 'Enter your password',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.create': 'Create',
  'common.edit': 'Edit',
  'common.search': 'Search',
  'common.loading': 'Loading…',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.empty': 'Nothing yet',
  'common.demo': 'Demo PBX',
  'page.soon': 'This section comes in a later version.',
  'users.title': 'Users',
  'users.add': 'Add user',
  'users.login': 'Login',
  'users.fullName': 'Full name',
  'users.role': 'Role',
  'users.extensions': 'Extensions',
  'users.extensionsHint': 'The specialist’s phone extensions on the PBX, e.g. 101',
  'users.subsystems': 'Subsystems',
  'users.active': 'Active',
  'users.password': 'Password',
  'users.newPassword': 'New password (leave empty to keep)',
  'users.deactivate': 'Deactivate',
  'users.activate': 'Activate',
  'users.deactivateConfirm': 'Deactivate this user? All their sessions end.',
  'users.created': 'User created',
  'users.saved': 'Changes saved',
  'users.inactive': 'inactive',
  'users.searchPlaceholder': 'Login or name',
};

const dictionaries: Record<Locale, Record<MessageKey, string>> = { ru, en };

interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: (key: MessageKey) => string;
  /** A label from shared/domain's label maps. */
  label: (map: Record<string, { ru: string; en: string }>, key: string | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'callog.locale';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ru'));
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale: (l) => {
        localStorage.setItem(STORAGE_KEY, l);
        document.documentElement.lang = l;
        setLocaleState(l);
      },
      t: (key) => dictionaries[locale][key],
      label: (map, key) => (key ? (map[key]?.[locale] ?? key) : ''),
    }),
    [locale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
