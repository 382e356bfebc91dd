// Two server instances on one PostgreSQL, both configured for the same mailbox (Debian's Dovecot): one
// reads it (the advisory lock); when that one stops in the middle of a burst of mail, the other takes
// over and every mail ends up taken exactly once: one row, one draft, moved out of the INBOX. Twice:
// the holder stopped before it has read any of the burst, and stopped while it is reading it.
import { Writable } from 'node:stream';
import type { MailQueueItemDto } from '../../shared/api';
import { createLogger } from '../../server/logger';
import { dovecotAvailable, startDovecot, type Dovecot } from '../support/dovecot';
import { createScratchDatabase, postgresAdminUrl, type ScratchDatabase } from '../support/pg';
import { b64, testMail, until as untilOr } from '../support/mail';
import { startTestServer, type TestServer } from '../support/server';

const run = dovecotAvailable() ? describe : describe.skip;

const TOTAL = 30;
const STOP_AFTER = 10;
const DONE_FOLDER = 'Callog';

/** Waits a minute by default, polling every 200 ms (a takeover takes a few seconds). */
const until = <T>(
  what: string,
  get: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  ms = 60_000,
  everyMs = 200,
) => untilOr(what, get, ms, everyMs);

/** How many mails the shared database holds. */
const taken = async (srv: TestServer) =>
  Number((await srv.db.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM mail_messages`))[0]!.n);

/** Mail number i: its own sender, subject and Message-ID. */
function mail(i: number, stamp: number): { raw: string; id: string; subject: string; from: string } {
  const id = `burst.${i}.${stamp}@school${i}.edu.test`;
  const subject = `Вопрос ${i} из ${TOTAL}: не открывается журнал`;
  const from = `teacher${i}@school${i}.edu.test`;
  const raw = testMail({
    from: `${b64(`Учитель ${i}`)} <${from}>`,
    subject,
    body: `Добрый день! Письмо номер ${i}.`,
    id,
  });
  return { raw, id, subject, from };
}

/**
 * One scenario on its own Dovecot and database. `whileReading`: the holder is stopped once it has
 * taken at least one of the first mails (it is in the middle of a batch); otherwise right after the
 * tenth delivery (the burst arrives in milliseconds: it has usually read none of it yet).
 */
const scenario = (title: string, whileReading: boolean) =>
  run(`two instances, one mailbox (Dovecot IMAP): ${title}`, () => {
    // The database belongs to the test, not to either instance: stopping one must not drop it
    // (a TestServer that made its own scratch database drops it when it stops).
    let scratch: ScratchDatabase | undefined;
    let dove: Dovecot;
    let one: TestServer;
    let two: TestServer;
    const logs: string[] = [];
    const sink = (name: string) =>
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(`[${name}] ${chunk.toString().trim()}`);
          done();
        },
      });

    beforeAll(async () => {
      const admin = await postgresAdminUrl();
      if (!admin) throw new Error('this test needs PostgreSQL (two instances share one database)');
      scratch = await createScratchDatabase(admin);
      dove = await startDovecot();
      const env = {
        ...dove.env(),
        IMAP_DONE_FOLDER: DONE_FOLDER,
        MAIL_SENDER_HOURLY_LIMIT: '1000',
      };
      one = await startTestServer({ env, databaseUrl: scratch.url, logger: createLogger('debug', {}, sink('one')) });
      two = await startTestServer({ env, databaseUrl: scratch.url, logger: createLogger('debug', {}, sink('two')) });
    }, 60_000);

    afterAll(async () => {
      await two?.stop();
      await one?.stop();
      dove?.stop();
      await scratch?.drop();
    }, 60_000);

    it('the holder stops in the middle of a burst: the other takes over, nothing is lost or doubled', async () => {
      try {
        // Exactly one instance reads the mailbox, and its link is up (the done folder exists by then).
        const first = await until('one instance holding the mailbox, its link up', async () => {
          const holders = [one, two].filter((s) => s.mail!.isHolder);
          if (holders.length !== 1) return null;
          const status = await (
            await holders[0]!.agent(holders[0]!.admin.login, holders[0]!.admin.password)
          ).get('/api/mail/status');
          return (status.body as { state: string }).state === 'up' ? holders[0]! : null;
        });
        const survivor = first === one ? two : one;
        expect(survivor.mail!.isHolder).toBe(false);
        // doveadm reads another folder than the INBOX the same way: the done folder is there, empty.
        expect(dove.list(DONE_FOLDER)).toEqual([]);
        expect(dove.list('INBOX')).toEqual([]);

        const stamp = Date.now();
        const mails = Array.from({ length: TOTAL }, (_, i) => mail(i + 1, stamp));
        let stopped: TestServer | undefined;
        for (const [i, m] of mails.entries()) {
          if (i === STOP_AFTER) {
            // Whichever instance holds the mailbox now stops (mail is arriving and being read).
            stopped = [one, two].find((s) => s.mail!.isHolder);
            expect(stopped).toBe(first);
            if (whileReading)
              await until('the holder taking the first mails', async () => (await taken(first)) >= 1, 15_000, 5);
            await stopped!.stop();
          }
          await dove.deliver(m.raw);
        }
        const alive = stopped === one ? two : one;
        expect(alive).toBe(survivor);
        await until('the other instance holding the mailbox', () => alive.mail!.isHolder);

        const q = <T>(sql: string) => alive.db.dataSource.query<T>(sql);

        await until(`${TOTAL} rows in mail_messages`, async () => (await taken(alive)) >= TOTAL);
        // A late second reading would show up now.
        await new Promise((r) => setTimeout(r, 4000));

        // In the database: every mail once, each its own draft, the read position at the last UID.
        const rows = await q<{ message_id: string; disposition: string; uid: string; entry_id: number | null }[]>(
          `SELECT message_id, disposition, uid, entry_id FROM mail_messages ORDER BY id`,
        );
        expect(rows).toHaveLength(TOTAL);
        expect(new Set(rows.map((r) => r.message_id)).size).toBe(TOTAL);
        expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set(mails.map((m) => m.id)));
        expect(new Set(rows.map((r) => r.uid)).size).toBe(TOTAL);
        expect(rows.map((r) => r.disposition)).toEqual(Array<string>(TOTAL).fill('entry'));
        expect(new Set(rows.map((r) => r.entry_id)).size).toBe(TOTAL);
        const entries = await q<{ n: number }[]>(`SELECT count(*)::int AS n FROM entries WHERE channel = 'email'`);
        expect(entries[0]!.n).toBe(TOTAL);
        const cursor = await q<{ last_uid: string }[]>(`SELECT last_uid FROM mail_cursors`);
        expect(cursor).toHaveLength(1);
        expect(Number(cursor[0]!.last_uid)).toBe(TOTAL);

        // 30 email drafts in the shared queue, one per mail.
        const admin = await alive.agent(alive.admin.login, alive.admin.password);
        const res = await admin.get('/api/mail/queue');
        expect(res.status).toBe(200);
        const items = (res.body as { items: MailQueueItemDto[] }).items;
        expect(items).toHaveLength(TOTAL);
        expect(items.map((x) => x.mail.subject).sort()).toEqual(mails.map((m) => m.subject).sort());
        expect(items.map((x) => x.mail.fromAddress).sort()).toEqual(mails.map((m) => m.from).sort());
        expect(new Set(items.map((x) => x.entryId)).size).toBe(TOTAL);

        // In Dovecot: the INBOX drained, every message in the done folder once, marked taken.
        const inDovecot = () => ({ inbox: dove.list('INBOX').map((m) => m.uid), done: dove.list(DONE_FOLDER).length });
        await until(
          `the INBOX empty and ${TOTAL} messages in ${DONE_FOLDER}`,
          () => {
            const now = inDovecot();
            return now.inbox.length === 0 && now.done === TOTAL;
          },
          60_000,
        ).catch((err: Error) => {
          const now = inDovecot();
          throw new Error(
            `${err.message}: INBOX still has ${now.inbox.length} (uids ${now.inbox.join(',')}), ${DONE_FOLDER} has ${now.done}`,
          );
        });
        expect(dove.list('INBOX')).toEqual([]);
        const done = dove.list(DONE_FOLDER);
        expect(done).toHaveLength(TOTAL);
        expect(new Set(done.map((m) => m.uid)).size).toBe(TOTAL);
        expect(done.filter((m) => m.flags.includes('$Callog') && m.flags.includes('\\Seen'))).toHaveLength(TOTAL);
      } catch (err) {
        console.log(
          logs
            .filter((l) => /"module":"mail"|mailbox|IMAP|holds|lock/i.test(l))
            .join('\n')
            .slice(-30_000),
        );
        throw err;
      }
    }, 120_000);
  });

scenario('the holder stops before it has read the burst', false);
scenario('the holder stops while it is reading the burst', true);
