// Wires config -> database -> HTTP + Socket.IO -> PBX link; returns a handle to stop it all.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { DraftPushDto } from '../shared/socket';
import { createApp } from './app';
import { Metrics } from './metrics/metrics';
import { StatsRepository } from './stats/stats.repository';
import { statsRoutes } from './stats/stats.routes';
import { StatsService } from './stats/stats.service';
import { LiveBoard } from './stats/live-board';
import { sessionCookieName } from './http/auth';
import { originPolicy, securityHeaders } from './http/security';
import { authRoutes } from './auth/auth.routes';
import { AuthService } from './auth/auth.service';
import { SessionsRepository } from './auth/sessions.repository';
import { ThrottleRepository } from './auth/throttle.repository';
import { calendarRoutes } from './calendar/calendar.routes';
import { reportsRoutes } from './reports/reports.routes';
import { ReportRenderer } from './reports/render-pool';
import { ReportsService } from './reports/reports.service';
import { CalendarService } from './calendar/calendar.service';
import { StatsFacts, StatsFactsJob } from './stats/facts';
import { CallsRepository } from './calls/calls.repository';
import { callsRoutes } from './calls/calls.routes';
import { CallsService, ORIGINATE_REQUEST } from './calls/calls.service';
import type { Config } from './config';
import { openDatabase, type Database } from './db/data-source';
import { healthRoutes } from './health/health.routes';
import { CallEffectsService, callEffectKey, isResync } from './journal/call-effects.service';
import { EntriesRepository } from './journal/entries.repository';
import { entriesRoutes } from './journal/entries.routes';
import { EntriesService } from './journal/entries.service';
import { LinesRepository } from './lines/lines.repository';
import { linesRoutes } from './lines/lines.routes';
import { BatchQueue } from './lib/batch-queue';
import { atMost } from './lib/timeout';
import { createLogger, type Logger } from './logger';
import { DemoPbx } from './pbx/demo-pbx';
import { LeaderLock } from './pbx/leader-lock';
import { PbxLink } from './pbx/pbx-link';
import { OrganizationsRepository } from './organizations/organizations.repository';
import { organizationsRoutes } from './organizations/organizations.routes';
import { OrganizationsService } from './organizations/organizations.service';
import { PbxStatusService } from './pbx/pbx-status';
import { createRealtime, type Realtime } from './realtime/realtime';
import { UsersRepository } from './users/users.repository';
import { usersRoutes } from './users/users.routes';
import { UsersService } from './users/users.service';
import { isTransientDbError } from './db/errors';
import { CallTracker, type CallEffect } from './tracker/tracker';
import type { MailStatusDto } from '../shared/api';
import { dropDemoMail } from './mail/demo-mail';
import { ImapLink } from './mail/imap-link';
import { MailIntake } from './mail/mail-intake';
import { MailOutbox } from './mail/mail-outbox';
import { MailRepository } from './mail/mail.repository';
import { mailRoutes } from './mail/mail.routes';
import { MailService } from './mail/mail.service';

export interface ServerOptions {
  logger?: Logger;
  /** Built client to serve; absent: API only. */
  clientDir?: string;
  /** Prints what people need once (generated passwords). Default: console. */
  announce?: (text: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  realtime: Realtime;
  logger: Logger;
  link: PbxLink;
  /** The tracker's effects waiting to be applied to the journal. */
  effects: BatchQueue<CallEffect>;
  /** The statistics' daily summaries (summarised in the background). */
  statsFacts: StatsFacts;
  /** The built-in demo PBX when no AMI_HOST is configured. */
  demo: DemoPbx | undefined;
  /** The mailbox link (IMAP_HOST), if configured. */
  mail: ImapLink | undefined;
  /** Replies waiting to be sent, and the sender. */
  outbox: MailOutbox;
  /** The separate metrics listener's address (METRICS_PORT), if any. */
  metricsUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const announce = opts.announce ?? ((t: string) => console.log(t));
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info({ db: db.kind }, 'database ready, migrations applied');
  const ds = db.dataSource;
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;

  const users = new UsersRepository(ds);
  const sessions = new SessionsRepository(ds, config.sessionTtlMs, config.sessionMaxMs);
  const lines = new LinesRepository(ds);
  const calls = new CallsRepository(ds, config.stats.shortAbandonSeconds);
  const entries = new EntriesRepository(ds);
  const calendar = new CalendarService(ds, config.timeZone);
  const renderer = new ReportRenderer();
  const organizations = new OrganizationsRepository(ds);

  // The request listener must exist before Socket.IO attaches: engine.io wraps the listeners it
  // finds, answers /socket.io/ itself and passes every other request on. A listener added later
  // would also get /socket.io/ requests, and express answering a held long-poll makes engine.io
  // write to a finished response later, which throws and kills the process.
  let handleRequest: http.RequestListener = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const httpServer = http.createServer((req, res) => handleRequest(req, res));
  const cookieName = sessionCookieName(config.cookieSecure);
  const origins = originPolicy(config.publicUrl, `http://${config.host}:${config.port}`, config.allowedOrigins);
  const realtime = createRealtime({ server: httpServer, sessions, logger, pgConfig: db.pgConfig, cookieName, origins });
  // Every response carries the security headers, Socket.IO's own included: this listener runs
  // before engine.io's and express's, sets headers and answers nothing.
  const headers = securityHeaders(config.publicUrl?.startsWith('https://') ?? config.cookieSecure);
  httpServer.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    for (const [name, value] of headers) res.setHeader(name, value);
  });
  const usersService = new UsersService(ds, users, sessions, realtime);
  const auth = new AuthService(users, sessions, new ThrottleRepository(ds), realtime);
  const entriesService = new EntriesService(ds, entries, calls, lines, users, realtime, config.timeZone, calendar);
  const metrics = new Metrics({
    pbxState: () => status.current().state,
    pbxHolder: () => link.isHolder,
    amiStats: () => link.stats,
    effectQueue: () => effects.length,
    dbPool: () => db.pool(),
  });
  // Pop-ups are timed for the metrics on their way out.
  realtime.observe((event, args) => {
    if (event === 'entry:draft') metrics.draftPushed((args[0] as DraftPushDto).call.linkedid);
  });
  const statsFacts = new StatsFacts(
    ds,
    {
      timeZone: config.timeZone,
      shortAbandonSeconds: config.stats.shortAbandonSeconds,
      serviceLevelSeconds: config.stats.serviceLevelSeconds,
    },
    () => calendar.get(),
  );
  await statsFacts.prepare();
  calendar.onChange((change) => statsFacts.calendarChanged(change));
  const statsFactsJob = new StatsFactsJob(statsFacts, logger.child({ module: 'stats' }));
  const statsService = new StatsService(
    new StatsRepository(ds, config.timeZone, config.stats.shortAbandonSeconds, statsFacts),
    calendar,
    lines,
    config.stats,
    config.timeZone,
  );
  const liveBoard = new LiveBoard(
    async () => StatsService.summary(await statsService.live()),
    (dto) => realtime.toAll('stats:live', dto),
    logger.child({ module: 'stats' }),
    undefined,
    () => effects.idle(),
  );
  // A missed call dealt with on any instance changes today's lost callers.
  realtime.observe((event) => {
    if (event === 'call:updated') liveBoard.changed();
  });
  const callEffects = new CallEffectsService({
    ds,
    concurrentReads: db.kind === 'postgres',
    pbxId: config.pbxId,
    calls,
    entries,
    entriesService,
    lines,
    users,
    calendar,
    realtime,
    onCallsChanged: () => liveBoard.changed(),
    logger: logger.child({ module: 'calls' }),
  });
  const effects = new BatchQueue<CallEffect>({
    name: 'call-effects',
    apply: (round) => callEffects.apply(round),
    keyOf: callEffectKey,
    isBarrier: isResync,
    isTransient: isTransientDbError,
    // A burst of more than 50 calls is written as two transactions at once on PostgreSQL (bench:pop,
    // 200 answers: p99 121 -> 97-105 ms on 2 cores); the embedded database has one connection.
    parallel: db.kind === 'postgres' ? 2 : 1,
    splitAbove: 50,
    logger: logger.child({ module: 'calls' }),
  });

  await bootstrapPeople(config, usersService, announce);

  // The PBX: the configured Asterisk, or the demo PBX speaking AMI on loopback.
  let demo: DemoPbx | undefined;
  let ami = config.ami;
  if (!ami) {
    demo = new DemoPbx({
      logger: logger.child({ module: 'demo-pbx' }),
      extensions: async () => [...(await users.extensionMap()).keys()].sort(),
      lines: (await lines.active()).map((l) => ({ code: l.code, did: l.did })),
      intervalMs: config.demoCallIntervalMs,
    });
    const addr = await demo.start();
    ami = { host: addr.host, port: addr.port, user: demo.user, secret: demo.secret };
  }
  const status = new PbxStatusService(ds, config.pbxId, !config.ami, instanceId, realtime, logger);
  const link = new PbxLink({
    ami,
    tracker: new CallTracker({ lines: [] }),
    onEffects: (fx) => {
      for (const f of fx) if (f.type === 'callAnswered') metrics.answerSeen(f.call.linkedid);
      effects.enqueue(fx);
    },
    lines,
    status,
    logger: logger.child({ module: 'pbx' }),
    originate: config.originate,
    makeLock: (acquired, lost) => new LeaderLock(db.pgConfig, `pbx:${config.pbxId}`, logger, acquired, lost),
  });
  const callsService = new CallsService(
    ds,
    calls,
    lines,
    users,
    realtime,
    {
      originateHere: async (extension, number, callbackOf) => {
        if (!link.isHolder) return false;
        await link.originate(extension, number, callbackOf);
        return true;
      },
    },
    config.timeZone,
    logger,
    calendar,
  );

  // The mail channel: the desk's mailbox (or the demo's mails), the outbox of replies.
  const mailRepo = new MailRepository(ds);
  const outbox = new MailOutbox(
    ds,
    entries,
    config.mail.smtp,
    { retryBaseMs: config.mail.retryBaseMs, pollMs: 5000 },
    logger.child({ module: 'mail' }),
    (entryId) => void entriesService.publish(entryId).catch(() => undefined),
  );
  entriesService.useMail(mailRepo, outbox);
  const intake = new MailIntake(
    ds,
    entries,
    calendar,
    { senderHourlyLimit: config.mail.senderHourlyLimit },
    logger.child({ module: 'mail' }),
  );
  const imap = config.mail.imap;
  const mailStatus = new PbxStatusService(
    ds,
    `mail:${imap ? `${imap.user}@${imap.host}/${imap.mailbox}` : 'off'}`,
    false,
    instanceId,
    realtime,
    logger,
    (dto) => realtime.toAll('mail:status', mailView(dto)),
    'Ни один сервер не держит связь с почтовым ящиком',
  );
  const demoMail = !imap && !config.ami && config.mail.demo;
  const mailView = (dto = mailStatus.current()): MailStatusDto =>
    imap
      ? { ...dto, demo: false, replies: outbox.enabled }
      : {
          state: 'off',
          since: dto.since,
          detail: demoMail
            ? 'Демонстрационный режим: письма в очереди примерные, почтовый ящик не подключён (IMAP_HOST)'
            : 'Почтовый ящик не подключён (IMAP_HOST не задан)',
          demo: demoMail,
          replies: outbox.enabled,
        };
  const mailService = new MailService(ds, mailRepo, entries, entriesService, intake, realtime, () => mailView());
  const mailLink = imap
    ? new ImapLink({
        config: imap,
        ds,
        intake,
        setState: (state, detail) => mailStatus.set(state, detail),
        makeLock: (acquired, lost) =>
          new LeaderLock(
            db.pgConfig,
            `imap:${imap.user}@${imap.host}/${imap.mailbox}`,
            logger,
            () => {
              mailStatus.setHolder(true);
              acquired();
            },
            () => {
              lost();
              mailStatus.setHolder(false);
            },
            'the mailbox',
          ),
        onTaken: (r) => void mailService.taken(r).catch(() => undefined),
        logger: logger.child({ module: 'mail' }),
      })
    : undefined;

  realtime.onConnect((socket) => {
    socket.emit('pbx:status', status.current());
    socket.emit('mail:status', mailView());
  });
  realtime.handle('drafts:list', [], (s) => entriesService.draftsFor(s));
  realtime.onAsk(ORIGINATE_REQUEST, async (payload) => {
    const p = payload as { extension: string; number: string; callbackOf: number };
    if (!link.isHolder) return { placed: false };
    await link.originate(p.extension, p.number, p.callbackOf);
    return { placed: true };
  });

  const app = createApp({
    logger,
    sessions,
    cookieName,
    origins,
    trustProxy: config.trustProxy,
    metrics,
    clientDir: opts.clientDir,
    routes: {
      health: healthRoutes(
        ds,
        () => status.current(),
        () => mailView().state,
      ),
      auth: authRoutes(auth, users, config, () => ({ demo: !config.ami })),
      users: usersRoutes(usersService, users),
      entries: entriesRoutes(entriesService),
      calls: callsRoutes(callsService),
      lines: linesRoutes(lines),
      calendar: calendarRoutes(calendar),
      reports: reportsRoutes(new ReportsService(ds, config.timeZone, renderer)),
      organizations: organizationsRoutes(new OrganizationsService(ds, organizations), organizations),
      stats: statsRoutes(statsService),
      mail: mailRoutes(mailService),
    },
  });
  handleRequest = app;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url }, 'callog listening');

  // Metrics for a scraper on a separate address (no login; keep it on loopback or a private net).
  let metricsServer: http.Server | undefined;
  if (config.metrics) {
    const m = config.metrics;
    metricsServer = http.createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.statusCode = 404;
        res.end();
        return;
      }
      metrics.registry.metrics().then(
        (text) => {
          res.setHeader('Content-Type', metrics.registry.contentType);
          res.end(text);
        },
        () => {
          res.statusCode = 500;
          res.end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      metricsServer!.once('error', reject);
      metricsServer!.listen(m.port, m.host, () => resolve());
    });
    logger.info({ port: (metricsServer.address() as AddressInfo).port }, 'metrics listening');
  }

  status.start();
  await link.start();
  statsFactsJob.start();
  if (mailLink) {
    mailStatus.start();
    mailLink.start();
  }
  outbox.start();
  if (demoMail) {
    try {
      for (const r of await dropDemoMail(intake)) await mailService.taken(r);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'demo mails could not be added');
    }
  }

  const purge = setInterval(() => {
    sessions.purgeExpired().catch((err: unknown) => logger.warn({ err }, 'session purge failed'));
  }, 3600_000);
  purge.unref();

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    db,
    realtime,
    logger,
    link,
    effects,
    statsFacts,
    demo,
    mail: mailLink,
    outbox,
    metricsUrl: metricsServer
      ? `http://${config.metrics!.host}:${(metricsServer.address() as AddressInfo).port}/metrics`
      : undefined,
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(purge);
        metricsServer?.close();
        await link.stop();
        await mailLink?.stop();
        mailStatus.stop();
        await outbox.stop();
        await atMost(effects.idle(), 5000);
        effects.stop();
        liveBoard.stop();
        await statsFactsJob.stop();
        status.stop();
        await demo?.stop();
        await renderer.close();
        await realtime.close();
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        await db.close();
      })()),
  };
}

/** A new database gets its first admin (and, with the demo PBX, two demo specialists). */
async function bootstrapPeople(config: Config, users: UsersService, announce: (t: string) => void) {
  const first = await users.ensureFirstAdmin(config.adminLogin, config.adminPassword);
  if (!first.created) return;
  announce(
    first.generatedPassword
      ? `First administrator created. Login: ${config.adminLogin}  Password: ${first.generatedPassword}\n` +
          '(shown only once; change it after logging in, or set ADMIN_PASSWORD before the first start)'
      : `First administrator created. Login: ${config.adminLogin} (password from ADMIN_PASSWORD)`,
  );
  if (config.ami || !config.demoUsers) return;
  const demo = await users.createDemoSpecialists();
  if (demo.length) {
    announce(
      'Demo PBX: calls will ring these demo specialists (shown only once):\n' +
        demo.map((d) => `  Login: ${d.login}  Password: ${d.password}  (extension ${d.extension})`).join('\n'),
    );
  }
}
