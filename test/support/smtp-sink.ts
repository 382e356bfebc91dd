// A real SMTP server (the npm smtp-server) as the test's outgoing mail relay: keeps what it receives,
// answers 4xx or 5xx on demand, can go away and come back on the same port.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './dovecot';

export interface SmtpSink {
  port: number;
  /** What arrived, and whether it came over TLS. */
  received: { raw: string; mail: ParsedMail; secure: boolean }[];
  /** The next n messages are answered with this code (e.g. 451 or 550). */
  failNext(n: number, code: number): void;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** TLS with this key and certificate: implicit (`tls`, as on port 465) or `starttls` (as on 587). */
  tls?: { mode: 'tls' | 'starttls'; key: Buffer; cert: Buffer };
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const port = await freePort();
  const received: SmtpSink['received'] = [];
  let failures: { n: number; code: number } = { n: 0, code: 0 };
  let server: SMTPServer | null = null;
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      ...(opts.tls
        ? { secure: opts.tls.mode === 'tls', key: opts.tls.key, cert: opts.tls.cert }
        : { disabledCommands: ['STARTTLS'] }),
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (failures.n > 0) {
            failures.n--;
            const err = new Error(failures.code >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & {
              responseCode: number;
            };
            err.responseCode = failures.code;
            done(err);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((mail) => {
            received.push({ raw, mail, secure: session.secure });
            done();
          });
        });
      },
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
  };
  await start();
  return {
    port,
    received,
    failNext(n, code) {
      failures = { n, code };
    },
    start,
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
  };
}
