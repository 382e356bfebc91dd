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
  'calendar.kind.working': 'Рабочий',
  'calendar.kind.short': 'Сокращённый',
  'calendar.kind.weekend': 'Выходной',
  'calendar.kind.holiday': 'Праздник',
  'calendar.kind.transferred_day_off': 'Перенесённый выходной',
  'calendar.kind.override_day_off': 'Нерабочий (исключение)',
  'calendar.import.open': 'Загрузить производственный календарь',
  'calendar.missing.title': 'Производственного календаря на {year} год в callog нет',
  'calendar.missing.text':
    'Праздники по Трудовому кодексу (ст. 112), их переносы с выходных на следующий рабочий день и сокращённые предпраздничные дни учтены. Переносы по постановлению Правительства РФ (новогодние и другие) загрузите с производственным календарём года или внесите кнопкой на дне календаря.',
  'calendar.import.title': 'Загрузка производственного календаря',
  'calendar.import.year': 'Год',
  'calendar.import.file': 'Файл',
  'calendar.import.pick': 'Выбрать файл',
  'calendar.import.formats':
    'XML производственного календаря (формат xmlcalendar.ru) или таблица XLSX/CSV: дата (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД), тип дня (нерабочий, сокращённый, рабочий) и примечание — по строке на каждый день, который отличается от обычной недели пн–пт. Праздники по ст. 112 ТК РФ в таблице можно не перечислять.',
  'calendar.import.preview': 'Показать различия',
  'calendar.import.another': 'Другой файл',
  'calendar.import.apply': 'Применить',
  'calendar.import.tooLarge': 'Файл больше 512 КБ — это не производственный календарь. Проверьте, тот ли файл выбран.',
  'calendar.import.now': 'Сейчас календарь на {year} год: {source}.',
  'calendar.import.source.imported': 'загруженный ранее файл',
  'calendar.import.source.decree': 'постановление Правительства, встроенное в callog',
  'calendar.import.source.labor_code': 'только Трудовой кодекс (ст. 112), без постановления о переносах',
  'calendar.import.changed': 'Изменится дней: {n}',
  'calendar.import.toDayOff': 'станут нерабочими — {n}',
  'calendar.import.toWorking': 'станут рабочими — {n}',
  'calendar.import.hoursChanged': 'изменятся часы — {n}',
  'calendar.import.counts': 'Год по производственному календарю',
  'calendar.import.workingDays': 'Рабочих дней',
  'calendar.import.daysOff': 'Выходных и праздничных',
  'calendar.import.shortDays': 'Сокращённых дней',
  'calendar.import.hours40': 'Норма часов (40-часовая неделя)',
  'calendar.import.col.date': 'Дата',
  'calendar.import.col.weekday': 'День недели',
  'calendar.import.col.change': 'Было → станет',
  'calendar.import.col.note': 'Примечание',
  'calendar.import.noChanges': 'Файл не меняет ни одного дня.',
  'calendar.import.alreadyApplied': 'Этот календарь уже применён: изменений нет.',
  'calendar.import.kept': 'Эти дни останутся как в ваших исключениях, хотя в файле они другие:',
  'calendar.import.warnings': 'Обратите внимание',
  'calendar.import.refused': 'Файл не принят',
  'calendar.import.applied': 'Календарь на {year} год применён, изменено дней: {n}',
  'calendar.import.appliedNothing': 'Календарь на {year} год уже такой: ничего не изменено',
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
  'calendar.kind.working': 'Working',
  'calendar.kind.short': 'Short',
  'calendar.kind.weekend': 'Weekend',
  'calendar.kind.holiday': 'Holiday',
  'calendar.kind.transferred_day_off': 'Transferred day off',
  'calendar.kind.override_day_off': 'Day off (override)',
  'calendar.import.open': 'Upload production calendar',
  'calendar.missing.title': 'callog has no production calendar for {year}',
  'calendar.missing.text':
    "The holidays of the Labour Code (art. 112), their moves from a weekend to the next working day and the shortened pre-holiday days are there. Upload the year's production calendar for the transfers of the Government decree (New Year and others), or enter them on the days of the calendar.",
  'calendar.import.title': 'Upload a production calendar',
  'calendar.import.year': 'Year',
  'calendar.import.file': 'File',
  'calendar.import.pick': 'Choose a file',
  'calendar.import.formats':
    'The production calendar XML (xmlcalendar.ru format) or an XLSX/CSV table: date (DD.MM.YYYY or YYYY-MM-DD), kind of day (нерабочий, сокращённый, рабочий) and a note — a row for each day that differs from a plain Mon–Fri week. The holidays of the Labour Code art. 112 need not be listed in a table.',
  'calendar.import.preview': 'Show differences',
  'calendar.import.another': 'Another file',
  'calendar.import.apply': 'Apply',
  'calendar.import.tooLarge': 'The file is over 512 KB: not a production calendar. Check that it is the right file.',
  'calendar.import.now': 'The {year} calendar now: {source}.',
  'calendar.import.source.imported': 'a file uploaded earlier',
  'calendar.import.source.decree': 'the Government decree built into callog',
  'calendar.import.source.labor_code': 'the Labour Code only (art. 112), no decree on transfers',
  'calendar.import.changed': 'Days that change: {n}',
  'calendar.import.toDayOff': 'become days off — {n}',
  'calendar.import.toWorking': 'become working — {n}',
  'calendar.import.hoursChanged': 'other hours — {n}',
  'calendar.import.counts': 'The year by the production calendar',
  'calendar.import.workingDays': 'Working days',
  'calendar.import.daysOff': 'Days off and holidays',
  'calendar.import.shortDays': 'Short days',
  'calendar.import.hours40': 'Norm hours (40-hour week)',
  'calendar.import.col.date': 'Date',
  'calendar.import.col.weekday': 'Weekday',
  'calendar.import.col.change': 'Was → becomes',
  'calendar.import.col.note': 'Note',
  'calendar.import.noChanges': 'The file changes no day.',
  'calendar.import.alreadyApplied': 'This calendar is already applied: nothing changes.',
  'calendar.import.kept': 'These days keep your overrides although the file says otherwise:',
  'calendar.import.warnings': 'Please note',
  'calendar.import.refused': 'The file was not accepted',
  'calendar.import.applied': 'The {year} calendar is applied, days changed: {n}',
  'calendar.import.appliedNothing': 'The {year} calendar is already so: nothing changed',
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
