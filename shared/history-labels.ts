// An entry's history as people read it: the names of its fields and of what happened, in Russian and
// English (only the entry panel shows them: kept out of the first load).
/** Names of entry fields as people read them in the history. */
export const FIELD_LABELS: Record<string, { ru: string; en: string }> = {
  status: { ru: 'Статус', en: 'Status' },
  type: { ru: 'Тип запроса', en: 'Request type' },
  subsystem: { ru: 'Подсистема', en: 'Subsystem' },
  description: { ru: 'Описание запроса', en: 'Description' },
  organizationName: { ru: 'Наименование ОО', en: 'Organisation' },
  organizationId: { ru: 'ОО в справочнике', en: 'Organisation in the directory' },
  personName: { ru: 'ФИО', en: 'Full name' },
  additionalInfo: { ru: 'Дополнительная информация', en: 'Additional information' },
  resolution: { ru: 'Комментарий о решении', en: 'Resolution comment' },
  resolvedAt: { ru: 'Дата решения', en: 'Resolution date' },
  note: { ru: 'Примечание', en: 'Note' },
  ownerId: { ru: 'Специалист', en: 'Specialist' },
  approval: { ru: 'Согласование', en: 'Approval' },
  approvalRef: { ru: 'Основание решения', en: 'Grounds of the decision' },
  regNumber: { ru: '№ запроса', en: 'Request No.' },
  callerNumber: { ru: 'Номер', en: 'Number' },
  senderEmail: { ru: 'Эл. почта', en: 'E-mail' },
  lineId: { ru: 'Линия', en: 'Line' },
  notRequestReason: { ru: 'Причина «не обращение»', en: 'Reason for «not a request»' },
};

/** History actions as people read them. */
export const HISTORY_ACTION_LABELS: Record<string, { ru: string; en: string }> = {
  draft_opened: { ru: 'Открыт черновик по звонку', en: 'Draft opened for a call' },
  created: { ru: 'Зарегистрирован вручную', en: 'Registered manually' },
  register: { ru: 'Зарегистрирован', en: 'Registered' },
  update: { ru: 'Изменён', en: 'Changed' },
  status: { ru: 'Изменён статус', en: 'Status changed' },
  close: { ru: 'Закрыт', en: 'Closed' },
  reopen: { ru: 'Возобновлён', en: 'Reopened' },
  approval: { ru: 'Решение по согласованию', en: 'Approval decision' },
  not_request: { ru: 'Отмечен как «не обращение»', en: 'Marked as «not a request»' },
  attached: { ru: 'Звонок прикреплён к другому запросу', en: 'Call attached to another request' },
  call_attached: { ru: 'Прикреплён повторный звонок', en: 'Repeat call attached' },
  transferred: { ru: 'Передан при переводе звонка', en: 'Handed over with a transferred call' },
  mail_opened: { ru: 'Открыт черновик по письму', en: 'Draft opened for a mail' },
  mail_taken: { ru: 'Письмо взято в работу', en: 'Mail taken' },
  mail_received: { ru: 'Получено письмо от заявителя', en: 'Mail received from the sender' },
  mail_queued: { ru: 'Ответ заявителю поставлен в очередь отправки', en: 'Reply to the sender queued for sending' },
  mail_sent: { ru: 'Ответ заявителю отправлен', en: 'Reply to the sender sent' },
  mail_retry: { ru: 'Ответ заявителю не отправлен, повтор позже', en: 'Reply to the sender not sent, retrying later' },
  mail_failed: { ru: 'Ответ заявителю не отправлен', en: 'Reply to the sender not sent' },
  mail_not_sent: { ru: 'Ответ заявителю не отправлялся', en: 'No reply was sent to the sender' },
};
