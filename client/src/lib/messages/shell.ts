// UI strings of the frame around every page (header, menus, connection, password, downloads), Russian and English. Russian in the first load (merged in i18n.tsx);
// English in messages/first.en.ts.

export const ru = {
  'shell.nav.calls': 'Звонки',
  'shell.calendar.missing': 'Нет производственного календаря на {years} год',
  'shell.calendar.and': ' и ',
  'shell.calendar.admin':
    'Праздники по Трудовому кодексу (ст. 112) и их переносы с выходных учтены, а переносы по постановлению Правительства (новогодние и другие) — нет. Загрузите производственный календарь года на странице «Рабочий календарь».',
  'shell.calendar.others':
    'Праздники по Трудовому кодексу учтены, переносы выходных по постановлению Правительства — нет. Сообщите администратору callog.',
  'shell.calendar.open': 'Открыть календарь',
  'shell.handover.toReports': 'К отчётам',
  'shell.handover.due': 'Сдайте журнал за {month} до {date}',
  'shell.handover.overdue': 'Просрочено: сдайте журнал за {month} до {date}',
  'shell.handover.howTo':
    'Распечатайте Форму №1, подпишите, передайте руководителю и отметьте «Распечатан и подписан» на странице «Отчёты».',
  'shell.handover.late': 'Не сдали журнал за {month} (срок {date}): {names}',
  'password.change': 'Сменить пароль',
  'password.dialog': 'Смена пароля',
  'password.changed': 'Пароль изменён. Другие сеансы завершены.',
  'password.current': 'Текущий пароль',
  'password.currentRequired': 'Введите текущий пароль',
  'password.new': 'Новый пароль',
  'password.newHint': 'Не короче 8 символов. Другие ваши сеансы будут завершены.',
  'password.newRequired': 'Введите новый пароль',
  'password.newTooShort': 'Новый пароль: не короче 8 символов',
  'password.repeat': 'Новый пароль ещё раз',
  'password.repeatRequired': 'Повторите новый пароль',
  'password.mismatch': 'Пароли не совпадают',
  'password.must.title': 'Смените пароль',
  'password.must.text':
    '{name}, пароль, выданный при установке, был показан в журнале сервера. Замените его своим, чтобы продолжить.',
  'export.download': 'Скачать',
  'export.csv': 'CSV для Excel',
  'realtime.offline': 'Нет связи с сервером',
  'realtime.newCall': '☎ Новый звонок — callog',
  'realtime.pageTitle': 'callog — журнал Ситуационного центра',
  'realtime.transferred': 'Звонок переведён: запрос теперь у {name}',
  'api.network': 'Нет связи с сервером. Проверьте сеть и повторите.',
} as const;
