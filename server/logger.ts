// pino logger: every line of a request carries its request id; secrets (cookies, passwords, the AMI
// secret), entry text, phone numbers and SQL parameters never reach the log.
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger } from 'pino';

export type { Logger };

/** The request being served (set by the HTTP layer), so that any log line can name it. */
export const requestContext = new AsyncLocalStorage<{ reqId: string }>();

/**
 * Errors as id-level facts: type, message, code, stack. Not their other properties: a database
 * error carries the SQL text and its parameters (names, phone numbers, entry text).
 */
function errSerializer(err: unknown) {
  if (!(err instanceof Error)) return { message: String(err).slice(0, 200) };
  const e = err as Error & { code?: unknown; driverError?: { code?: unknown } };
  // PostgreSQL quotes the offending value in some messages (invalid input syntax for ...: "…").
  const message = e.message.replace(/: "[^"]*"/g, ': "…"');
  return {
    type: e.name,
    message,
    code: e.driverError?.code ?? e.code,
    stack: e.stack?.replace(e.message, message),
  };
}

/** The logger; `destination` (tests) instead of standard output. */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid, ...base },
    serializers: { err: errSerializer },
    // A request's child logger (pino-http) has the id bound already: once per line.
    mixin: (_obj, _level, logger) => {
      const ctx = requestContext.getStore();
      return ctx && !('reqId' in logger.bindings()) ? { reqId: ctx.reqId } : {};
    },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.passwordHash',
        '*.secret',
        '*.Secret',
      ],
      censor: '[hidden]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
