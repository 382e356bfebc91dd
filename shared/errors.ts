// Stable error codes of the API and the messages people see for them.

export const ERROR_MESSAGES = {
  bad_json: {
    ru: 'Тело запроса не является корректным JSON.',
    en: 'The request body is not valid JSON.',
  },
  validation_failed: {
    ru: 'Проверьте введённые данные.',
    en: 'Please check the data you entered.',
  },
  unauthenticated: {
    ru: 'Войдите в систему.',
    en: 'Please log in.',
  },
  invalid_credentials: {
    ru: 'Неверный логин или пароль.',
    en: 'Wrong login or password.',
  },
  too_many_attempts: {
    ru: 'Слишком много неудачных попыток входа. Повторите позже.',
    en: 'Too many failed login attempts. Try again later.',
  },
  password_change_required: {
    ru: 'Смените пароль: пароль, выданный при установке, нужно заменить своим.',
    en: 'Change your password: the one generated at installation must be replaced.',
  },
  wrong_password: { ru: 'Текущий пароль введён неверно.', en: 'The current password is wrong.' },
  throttle_not_found: { ru: 'Такой блокировки нет (уже снята?).', en: 'No such throttle (already cleared?).' },
  reference_not_found: {
    ru: 'Указанная запись (организация, линия, пользователь) не найдена. Обновите страницу и выберите снова.',
    en: 'The referenced record (organisation, line, user) does not exist. Reload and choose again.',
  },
  duplicate: { ru: 'Такая запись уже есть.', en: 'This record already exists.' },
  unsupported_media_type: {
    ru: 'Запрос в неподдерживаемой кодировке или сжатии: отправьте JSON в UTF-8.',
    en: 'Unsupported request encoding or compression: send JSON in UTF-8.',
  },
  bad_request: {
    ru: 'Некорректный запрос: проверьте адрес и данные.',
    en: 'Malformed request: check the address and the data.',
  },
  month_handed_over: {
    ru: 'Журнал за этот месяц уже сдан руководителю: запись задним числом в него не попадёт. Укажите время в текущем месяце или обратитесь к руководителю.',
    en: 'The journal of that month has been handed over: no entry can be added to it afterwards.',
  },
  attach_not_allowed: {
    ru: 'Прикрепить звонок можно только к своему запросу или к запросу того же звонившего.',
    en: 'A call can be attached only to your own entry or to an entry of the same caller.',
  },
  foreign_origin: {
    ru: 'Запрос отклонён: он пришёл со страницы другого сайта. Откройте callog по его адресу и повторите.',
    en: 'Refused: the request came from a page of another site. Open callog at its own address and retry.',
  },
  forbidden: {
    ru: 'Недостаточно прав для этого действия.',
    en: 'You are not allowed to do this.',
  },
  not_found: {
    ru: 'Запрошенный ресурс не найден.',
    en: 'Not found.',
  },
  user_not_found: { ru: 'Пользователь не найден.', en: 'User not found.' },
  login_taken: {
    ru: 'Пользователь с таким логином уже есть.',
    en: 'This login is already taken.',
  },
  extension_taken: {
    ru: 'Этот внутренний номер уже закреплён за другим пользователем.',
    en: 'This extension already belongs to another user.',
  },
  cannot_deactivate_self: {
    ru: 'Нельзя отключить собственную учётную запись.',
    en: 'You cannot deactivate your own account.',
  },
  last_admin: {
    ru: 'Нельзя отключить или понизить последнего администратора.',
    en: 'The last administrator cannot be deactivated or demoted.',
  },
  entry_not_found: { ru: 'Запрос не найден.', en: 'Entry not found.' },
  call_not_found: { ru: 'Звонок не найден.', en: 'Call not found.' },
  mail_taken: {
    ru: 'Это письмо уже взял в работу другой специалист.',
    en: 'Another specialist has already taken this mail.',
  },
  mail_not_found: { ru: 'Письмо не найдено.', en: 'Mail not found.' },
  mail_off: {
    ru: 'Почтовый канал не настроен (IMAP_HOST не задан). Обратитесь к администратору.',
    en: 'The mail channel is not configured (IMAP_HOST is unset).',
  },
  caller_withheld: {
    ru: 'Номер звонившего скрыт: перезвонить нельзя. Дождитесь повторного звонка или письма.',
    en: 'The caller withheld the number: it cannot be called back.',
  },
  version_conflict: {
    ru: 'Запись уже изменил другой пользователь. Обновите карточку и внесите изменения снова.',
    en: 'Someone else has changed this entry. Reload it and apply your changes again.',
  },
  invalid_transition: {
    ru: 'Такой переход статуса не допускается.',
    en: 'This status change is not allowed.',
  },
  resolution_required: {
    ru: 'Для закрытия запроса укажите комментарий о решении вопроса.',
    en: 'A resolution comment is required to close the entry.',
  },
  approval_required: {
    ru: 'Запрос типа «Ошибка» или «Улучшение» сначала должен быть согласован.',
    en: 'A bug or improvement must be approved first.',
  },
  pbx_unavailable: {
    ru: 'Нет связи с АТС. Повторите, когда связь восстановится.',
    en: 'The PBX is not connected. Try again when the link is back.',
  },
  no_extension: {
    ru: 'За вами не закреплён внутренний номер. Обратитесь к администратору.',
    en: 'You have no phone extension. Ask the administrator.',
  },
  month_not_finished: {
    ru: 'Этот месяц ещё не закончился: журнал сдают после окончания месяца.',
    en: 'This month is not over yet: the journal is handed over after the month ends.',
  },
  calendar_file_invalid: {
    ru: 'Файл календаря не принят: исправьте ошибки и загрузите его снова.',
    en: 'The calendar file was not accepted: fix the problems and upload it again.',
  },
  calendar_file_too_large: {
    ru: 'Файл слишком большой для производственного календаря (больше 512 КБ): проверьте, тот ли файл выбран.',
    en: 'The file is too large for a production calendar (over 512 KB): check that it is the right file.',
  },
  calendar_preview_stale: {
    ru: 'Календарь изменился после просмотра различий (или загружен другой файл): просмотрите различия снова и примените.',
    en: 'The calendar changed after the differences were shown (or another file was sent): review them again, then apply.',
  },
  internal: {
    ru: 'Внутренняя ошибка сервера. Попробуйте ещё раз; если ошибка повторится, сообщите администратору.',
    en: 'Internal server error. Try again; if it happens again, tell the administrator.',
  },
  db_unavailable: {
    ru: 'База данных временно недоступна. Повторите через минуту.',
    en: 'The database is temporarily unavailable. Try again in a minute.',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/** The wire shape of every API error. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    /** Per-field problems for validation errors: path -> message. */
    fields?: Record<string, string>;
  };
}
