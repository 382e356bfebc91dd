// API errors: a stable code, a status, a message for people in their language; never a stack trace.
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { ERROR_MESSAGES, type ApiErrorBody, type ErrorCode } from '../../shared/errors';
import { isDbUnavailable } from '../db/errors';
import type { Logger } from '../logger';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly fields?: Record<string, string>,
    /** Overrides the standard message (already in the user's language). */
    readonly detail?: string,
  ) {
    super(code);
  }
}

export const notFound = (code: ErrorCode = 'not_found') => new AppError(404, code);
export const forbidden = () => new AppError(403, 'forbidden');
export const conflict = (code: ErrorCode) => new AppError(409, code);

export function localeOf(req: Request): 'ru' | 'en' {
  const lang = req.headers['accept-language'] ?? '';
  return /^en\b/i.test(lang) ? 'en' : 'ru';
}

export function zodFields(err: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of err.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

function body(req: Request, code: ErrorCode, fields?: Record<string, string>, detail?: string): ApiErrorBody {
  const message = detail ?? ERROR_MESSAGES[code][localeOf(req)];
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

/** Unknown /api routes answer JSON 404, not the SPA page. */
export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json(body(req, 'not_found'));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof AppError) {
      res.status(err.status).json(body(req, err.code, err.fields, err.detail));
      return;
    }
    if (err instanceof ZodError) {
      res.status(400).json(body(req, 'validation_failed', zodFields(err)));
      return;
    }
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json(body(req, 'bad_json'));
      return;
    }
    if (e.type === 'entity.too.large') {
      res.status(413).json(body(req, 'validation_failed', { _: 'Слишком большой запрос' }));
      return;
    }
    if (isDbUnavailable(err)) {
      logger.error({ err }, 'database unavailable');
      res.status(503).json(body(req, 'db_unavailable'));
      return;
    }
    logger.error({ err, url: req.originalUrl }, 'unhandled error');
    res.status(500).json(body(req, 'internal'));
  };
}
