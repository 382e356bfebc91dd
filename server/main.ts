// Entry point: config -> server; graceful shutdown on SIGINT/SIGTERM.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

/** Exit code after an unexpected error (EX_SOFTWARE); the service manager restarts callog. */
const EXIT_CRASH = 70;

/** The checkout: this file runs as server/main.ts (tsx) or compiled as dist/server/main.js. */
function projectRoot(): string {
  const up = path.resolve(__dirname, '..');
  return fs.existsSync(path.join(up, 'package.json')) ? up : path.resolve(up, '..');
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`callog cannot start. ${err.message}\nSee config/env.example for every variable.`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // Until the server is up there is nothing to stop.
  let stopServer = () => Promise.resolve();
  let exitCode = 0;
  let stopping = false;

  /** Stops the server, then exits with `code`; after `graceMs` it exits anyway (1 instead of 0). */
  const stopAndExit = (code: number, graceMs: number) => {
    exitCode = Math.max(exitCode, code);
    setTimeout(() => process.exit(exitCode || 1), graceMs);
    if (stopping) return;
    stopping = true;
    stopServer().then(
      () => process.exit(exitCode),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(exitCode || 1);
      },
    );
  };
  // An unexpected error leaves the process in an unknown state: log it, stop briefly, exit.
  const crash = (what: string) => (err: unknown) => {
    logger.fatal({ err }, `${what}: stopping`);
    stopAndExit(EXIT_CRASH, 3_000);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled rejection'));

  const server = await startServer(config, {
    logger,
    clientDir: path.join(projectRoot(), 'dist', 'client'),
  });
  stopServer = () => server.stop();
  console.log(`callog is running: ${server.url}`);

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    stopAndExit(0, 10_000);
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('callog failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
