// The mail channel over TLS, against Dovecot and an SMTP server that speak it with a certificate of a
// test CA: implicit TLS (993/465 style) and STARTTLS (143/587 style), the CA trusted through
// NODE_EXTRA_CA_CERTS as the README tells operators; and an untrusted certificate refused.
import request from 'supertest';
import type { MailQueueItemDto, MailStatusDto } from '../../shared/api';
import { dovecotAvailable, startDovecot, type Dovecot } from '../support/dovecot';
import { testMail, until } from '../support/mail';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { makeTestCerts, type TestCerts } from '../support/tls-certs';

const run = dovecotAvailable() ? describe : describe.skip;

run('mail channel over TLS', () => {
  let certs: TestCerts;
  let dove: Dovecot;
  const sinks: SmtpSink[] = [];
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    certs = makeTestCerts();
    dove = await startDovecot({ tls: { certFile: certs.certFile, keyFile: certs.keyFile } });
  });
  afterAll(async () => {
    for (const s of servers.splice(0)) await s.stop();
    for (const s of sinks) await s.stop();
    dove?.stop();
  });

  const start = async (env: Record<string, string>) => {
    // One callog at a time reads the mailbox (each has a database of its own).
    for (const s of servers.splice(0)) await s.stop();
    const srv = await startServerProcess({
      env: {
        IMAP_HOST: '127.0.0.1',
        IMAP_USER: dove.user,
        IMAP_PASSWORD: dove.password,
        IMAP_POLL_S: '3',
        MAIL_FROM: 'Ситуационный центр <support@edu.test>',
        ...env,
      },
    });
    servers.push(srv);
    const admin = request.agent(srv.url);
    await admin.post('/api/auth/login').send({ login: 'admin', password: 'admin-password-1' }).expect(200);
    await admin
      .post('/api/users')
      .send({ login: 'tls-spec', password: 'tls-spec-pass-1', fullName: 'Зайцева Е. А.', role: 'specialist' })
      .expect(201);
    const spec = request.agent(srv.url);
    await spec.post('/api/auth/login').send({ login: 'tls-spec', password: 'tls-spec-pass-1' }).expect(200);
    return { srv, spec };
  };
  const status = async (spec: request.Agent) => (await spec.get('/api/mail/status')).body as MailStatusDto;

  /** A mail delivered now is taken over the link, and closing its entry sends the reply over SMTP. */
  async function roundTrip(spec: request.Agent, sink: SmtpSink, subject: string) {
    await until('the mailbox link up', async () => (await status(spec)).state === 'up');
    await dove.deliver(
      testMail({
        from: 'school7@edu.test',
        subject,
        body: 'Здравствуйте! Помогите.',
        id: `${subject.length}-${Date.now()}@edu.test`,
      }),
    );
    const item = await until(`«${subject}» in the queue`, async () =>
      ((await spec.get('/api/mail/queue')).body as { items: MailQueueItemDto[] }).items.find(
        (q) => q.mail.subject === subject,
      ),
    );
    await spec.post(`/api/mail/queue/${item.entryId}/take`).expect(200);
    const e = (await spec.get(`/api/entries/${item.entryId}`)).body as { version: number };
    await spec
      .patch(`/api/entries/${item.entryId}`)
      .send({
        version: e.version,
        type: 'support',
        subsystem: 'school',
        status: 'closed',
        resolution: 'Дана консультация',
        mailReply: 'Здравствуйте! Ответ во вложенной инструкции.',
      })
      .expect(200);
    return until('the reply at the SMTP server', () => sink.received.find((m) => m.mail.subject?.includes(subject)));
  }

  it('implicit TLS to IMAP and SMTP, the certificate checked against the CA given to Node', async () => {
    const sink = await startSmtpSink({ tls: { mode: 'tls', key: certs.key, cert: certs.cert } });
    sinks.push(sink);
    const { spec } = await start({
      NODE_EXTRA_CA_CERTS: certs.caFile,
      IMAP_PORT: String(dove.imapsPort),
      IMAP_TLS: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_TLS: 'true',
    });
    const sent = await roundTrip(spec, sink, 'Не работает вход через Госуслуги');
    expect(sent.secure).toBe(true);
    expect(sent.mail.text).toContain('Ответ во вложенной инструкции');
  });

  it('STARTTLS to IMAP and SMTP', async () => {
    const sink = await startSmtpSink({ tls: { mode: 'starttls', key: certs.key, cert: certs.cert } });
    sinks.push(sink);
    const { spec } = await start({
      NODE_EXTRA_CA_CERTS: certs.caFile,
      IMAP_PORT: String(dove.imapPort),
      IMAP_TLS: 'starttls',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(sink.port),
      SMTP_TLS: 'starttls',
    });
    const sent = await roundTrip(spec, sink, 'Не приходит код подтверждения');
    expect(sent.secure).toBe(true);
  });

  it('a certificate callog cannot verify keeps the link down and says why', async () => {
    const { spec } = await start({ IMAP_PORT: String(dove.imapsPort), IMAP_TLS: 'true' });
    const down = await until('the link down', async () => {
      const s = await status(spec);
      return s.state === 'down' ? s : null;
    });
    expect(down.detail).toMatch(/certificate|self.signed|issuer/i);
  });
});
