// Builds the express app without listening (tests mount it; main.ts serves it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import { pinoHttp } from 'pino-http';
import { apiNotFound, errorHandler } from './http/errors';
import { loadSession, passwordChangeGate, requireRole } from './http/auth';
import type { Metrics } from './metrics/metrics';
import { rejectForeignOrigins, type OriginPolicy } from './http/security';
import { useRussianValidationMessages } from './http/zod-messages';
import type { SessionsRepository } from './auth/sessions.repository';
import { requestContext, type Logger } from './logger';

export interface AppOptions {
  logger: Logger;
  sessions: SessionsRepository;
  /** Mounted under /api/<name>. */
  routes: Record<string, Router>;
  /** Built client to serve (index.html and assets); absent: API only. */
  clientDir: string | undefined;
  /** The session cookie's name. */
  cookieName: string;
  /** State-changing requests from other sites are refused. */
  origins: OriginPolicy;
  /** Proxies allowed to set the client address (express "trust proxy"); empty: none. */
  trustProxy: string[];
  metrics: Metrics;
}

export function createApp(opts: AppOptions): Express {
  useRussianValidationMessages();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy.length ? opts.trustProxy : false);
  // Every request has an id (the proxy's X-Request-Id when it sends a sane one): in the answer's
  // X-Request-Id and in every log line written while serving it.
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    const reqId = given && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    (req as { id?: string }).id = reqId;
    res.setHeader('X-Request-Id', reqId);
    requestContext.run({ reqId }, next);
  });
  app.use(
    pinoHttp({
      logger: opts.logger,
      genReqId: (req) => (req as { id?: string }).id ?? crypto.randomUUID(),
      customProps: (req) => ({ reqId: (req as { id?: string }).id }),
      autoLogging: { ignore: (req) => !req.url?.startsWith('/api/') || req.url === '/api/health' },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        // The path only: query strings carry searched text and phone numbers.
        req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  // Prometheus metrics of this instance, for admins (a scraper can use the METRICS_PORT listener).
  app.get('/metrics', loadSession(opts.sessions, opts.cookieName), requireRole('admin'), async (_req, res) => {
    res.setHeader('Content-Type', opts.metrics.registry.contentType);
    res.send(await opts.metrics.registry.metrics());
  });

  const api = express.Router();
  api.use(opts.metrics.httpTimer());
  api.use(rejectForeignOrigins(opts.origins));
  api.use(express.json({ limit: '1mb' }));
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(loadSession(opts.sessions, opts.cookieName));
  api.use(passwordChangeGate);
  for (const [name, router] of Object.entries(opts.routes)) api.use(`/${name}`, router);
  api.use(apiNotFound);
  app.use('/api', api);

  const clientDir = opts.clientDir;
  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d' }));
    app.use(express.static(clientDir, { index: false }));
    // Client-side routes: every other GET gets the app shell.
    app.get('/{*splat}', (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }
  app.use(errorHandler(opts.logger));
  return app;
}
