// Starts a real callog server for a test file: real PostgreSQL (scratch database) or PGlite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig, type Config } from '../../server/config';
import { createLogger, type Logger } from '../../server/logger';
import { startServer, type RunningServer } from '../../server/server';
import { createScratchDatabase, postgresAdminUrl, type ScratchDatabase } from './pg';

export const CLIENT_DIR = path.resolve(__dirname, '..', '..', 'dist', 'client');

export interface TestServer extends RunningServer {
  config: Config;
  admin: { login: string; password: string };
  /** The URL of the database this server uses (PostgreSQL), for a second instance. */
  databaseUrl: string | undefined;
  /** supertest agent logged in as the given user (keeps the session cookie). */
  agent(login: string, password: string): Promise<request.Agent>;
  /** Creates a user through the admin API; returns its id. */
  createUser(u: {
    login: string;
    password?: string;
    fullName?: string;
    role?: 'specialist' | 'head' | 'admin';
    extensions?: string[];
  }): Promise<{ id: number; login: string; password: string }>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Receives what the server prints for people (generated passwords). */
  announce?: (text: string) => void;
  /** Share a database with another test server (two instances on one PostgreSQL). */
  databaseUrl?: string;
  serveClient?: boolean;
  /** The embedded database (PGlite) even when PostgreSQL is there. */
  embedded?: boolean;
  /** Where the server logs (default: a logger at TEST_LOG_LEVEL, silent). */
  logger?: Logger;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const adminUrl = await postgresAdminUrl();
  let scratch: ScratchDatabase | undefined;
  let databaseUrl = opts.databaseUrl;
  let dataDir: string | undefined;
  if (!databaseUrl && adminUrl && !opts.embedded) {
    scratch = await createScratchDatabase(adminUrl);
    databaseUrl = scratch.url;
  }
  if (!databaseUrl) dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callog-pglite-'));
  const admin = { login: 'admin', password: 'admin-password-1' };
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
    ADMIN_LOGIN: admin.login,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // The demo PBX stays quiet and creates nobody unless a test asks.
    DEMO_CALL_INTERVAL_S: 'off',
    DEMO_USERS: 'false',
    DEMO_MAIL: 'false',
    ...opts.env,
  });
  const logger = opts.logger ?? createLogger(config.logLevel);
  const running = await startServer(config, {
    logger,
    announce: opts.announce ?? (() => undefined),
    ...(opts.serveClient ? { clientDir: CLIENT_DIR } : {}),
  });

  const agent = async (login: string, password: string) => {
    const a = request.agent(running.url);
    const res = await a.post('/api/auth/login').send({ login, password });
    if (res.status !== 200) throw new Error(`login ${login} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return a;
  };
  let adminAgent: request.Agent | undefined;

  return {
    ...running,
    config,
    admin,
    databaseUrl,
    agent,
    async createUser(u) {
      adminAgent ??= await agent(admin.login, admin.password);
      const password = u.password ?? 'password-123';
      const res = await adminAgent.post('/api/users').send({
        login: u.login,
        password,
        fullName: u.fullName ?? `Тестовый пользователь ${u.login}`,
        role: u.role ?? 'specialist',
        extensions: u.extensions ?? [],
      });
      if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: (res.body as { id: number }).id, login: u.login, password };
    },
    async stop() {
      await running.stop();
      await scratch?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
