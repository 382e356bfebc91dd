// With the demo PBX and no mailbox: a few realistic requests dropped into the «Почта» queue through the
// same intake as real mail (once: their Message-IDs are fixed).
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailIntake, IntakeResult } from './mail-intake';

interface DemoMail {
  id: string;
  from: string;
  subject: string;
  text: string;
  minutesAgo: number;
  attachment?: { filename: string; content: string };
}

const DEMO: DemoMail[] = [
  {
    id: 'demo-1@callog.demo',
    from: 'Завуч МАОУ СОШ № 5 <zavuch@school5.edu.example>',
    subject: 'Не отображаются оценки в электронном журнале 7 «Б»',
    text:
      'Добрый день!\n\nС понедельника в электронном журнале 7 «Б» класса не отображаются оценки за четверть ' +
      'по математике. Учитель выставляет оценки, после сохранения они пропадают.\n\n' +
      'С уважением,\nзаместитель директора по УВР\nПетрова Анна Сергеевна\nтел. 8 (3452) 55-12-34',
    minutesAgo: 95,
  },
  {
    id: 'demo-2@callog.demo',
    from: 'Детский сад «Солнышко» <sad-solnyshko@kinder.edu.example>',
    subject: 'Очередь в детский сад: заявление не видно в системе',
    text:
      'Здравствуйте.\n\nРодитель подал заявление на постановку в очередь 12.11 через портал госуслуг, ' +
      'в «Электронном детском саду» заявление не появилось. Скриншот и номер заявления во вложении.\n\n' +
      'Заведующая Иванова Т. П.',
    minutesAgo: 40,
    attachment: { filename: 'заявление.txt', content: 'Номер заявления: 72-2026-000123\nДата: 12.11.2026\n' },
  },
  {
    id: 'demo-3@callog.demo',
    from: 'ГАПОУ ТО «Колледж» <priem@college.edu.example>',
    subject: 'Сброс пароля преподавателя',
    text:
      'Прошу сбросить пароль преподавателю Сидорову Николаю Ивановичу в «Электронном колледже», ' +
      'учётная запись sidorov.ni.\n\nСпасибо!',
    minutesAgo: 10,
  },
];

function compose(m: DemoMail): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from,
    to: 'Ситуационный центр <support@callog.demo>',
    subject: m.subject,
    text: m.text,
    messageId: `<${m.id}>`,
    date: new Date(Date.now() - m.minutesAgo * 60_000),
    attachments: m.attachment ? [{ filename: m.attachment.filename, content: m.attachment.content }] : [],
  });
  return new Promise((resolve, reject) =>
    composer.compile().build((err, message) => (err ? reject(err) : resolve(message))),
  );
}

/** Drops the demo mails into the queue (mail already taken in is recognised and skipped). */
export async function dropDemoMail(intake: MailIntake): Promise<IntakeResult[]> {
  const out: IntakeResult[] = [];
  for (const m of DEMO) out.push(await intake.take(await compose(m), { mailbox: 'demo' }));
  return out;
}
