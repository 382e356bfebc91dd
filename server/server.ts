// Wires config -> database -> HTTP + Socket.IO (-> PBX link); returns a handle to stop it all.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PbxStatusDto } from '../shared/api';
import { createApp } from './app';
import { authRoutes } from './auth/auth.routes';
import { AuthService } from './auth/auth.service';
import { SessionsRepository } from './auth/sessions.repository';
import { ThrottleRepository } from './auth/throttle.repository';
import type { Config } from './config';
import { openDatabase, type Database } from './db/data-source';
import { healthRoutes } from './health/health.routes';
import { createLogger, type Logger } from './logger';
import { createRealtime, type Realtime } from './realtime/realtime';
import { UsersRepository } from './users/users.repository';
import { usersRoutes } from './users/users.routes';
import { UsersService } from './users/users.service';

export interface ServerOptions {
  logger?: Logger;
  /** Built client to serve; absent: API only. */
  clientDir?: string;
  /** Prints what people need once (the generated admin password). Default: console. */
  announce?: (text: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  realtime: Realtime;
  logger: Logger;
  stop(): Promise<void>;
}

export async function startServer(config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const announce = opts.announce ?? ((t: string) => console.log(t));
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info({ db: db.kind }, 'database ready, migrations applied');
  const ds = db.dataSource;

  const users = new UsersRepository(ds);
  const sessions = new SessionsRepository(ds, config.sessionTtlMs);
  const httpServer = http.createServer();
  const realtime = createRealtime({ server: httpServer, sessions, logger, pgConfig: db.pgConfig });
  const usersService = new UsersService(ds, users, sessions, realtime);
  const auth = new AuthService(users, sessions, new ThrottleRepository(ds), realtime);

  const first = await usersService.ensureFirstAdmin(config.adminLogin, config.adminPassword);
  if (first.created) {
    announce(
      first.generatedPassword
        ? `First administrator created. Login: ${config.adminLogin}  Password: ${first.generatedPassword}\n` +
            '(shown only once; change it after logging in, or set ADMIN_PASSWORD before the first start)'
        : `First administrator created. Login: ${config.adminLogin} (password from ADMIN_PASSWORD)`,
    );
  }

  const pbxStatus = (): PbxStatusDto => ({
    state: 'down',
    since: new Date().toISOString(),
    detail: '',
    demo: !config.ami,
  });

  const app = createApp({
    logger,
    sessions,
    clientDir: opts.clientDir,
    routes: {
      health: healthRoutes(ds, pbxStatus),
      auth: authRoutes(auth, users, config, () => ({ demo: !config.ami })),
      users: usersRoutes(usersService, users),
    },
  });
  httpServer.on('request', app);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url }, 'callog listening');

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
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(purge);
        await realtime.close();
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
        await db.close();
      })()),
  };
}
