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

const camel = (s: string) => s.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());

/** PostgreSQL's refusals that mean bad input (a missing reference, a value too long), as answers. */
function databaseRefusal(err: unknown): { status: number; code: ErrorCode; fields?: Record<string, string> } | null {
  const e = err as { code?: unknown; detail?: unknown; driverError?: { code?: unknown; detail?: unknown } };
  const code = e.driverError?.code ?? e.code;
  const rawDetail = e.driverError?.detail ?? e.detail;
  const detail = typeof rawDetail === 'string' ? rawDetail : '';
  const column = /Key \((\w+)\)=/.exec(detail)?.[1];
  switch (code) {
    case '23503':
      return {
        status: 400,
        code: 'reference_not_found',
        ...(column ? { fields: { [camel(column)]: 'Такой записи нет: её удалили или номер указан неверно' } } : {}),
      };
    case '22001':
      return { status: 400, code: 'validation_failed', fields: { _: 'Одно из значений слишком длинное' } };
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return { status: 400, code: 'validation_failed', fields: { _: 'Значение в неверном формате' } };
    case '23505':
      return { status: 409, code: 'duplicate' };
    default:
      return null;
  }
}

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
    if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
      res.status(415).json(body(req, 'unsupported_media_type'));
      return;
    }
    if (isDbUnavailable(err)) {
      logger.error({ err }, 'database unavailable');
      res.status(503).json(body(req, 'db_unavailable'));
      return;
    }
    const db = databaseRefusal(err);
    if (db) {
      // The input broke a database rule the validation let through: the caller's mistake, said so.
      logger.warn({ code: db.code, url: req.path }, 'request refused by a database constraint');
      res.status(db.status).json(body(req, db.code, db.fields));
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      // Malformed requests caught by express or the body parser: a bad URL, a broken body encoding.
      res.status(e.status).json(body(req, 'bad_request'));
      return;
    }
    logger.error({ err, url: req.path }, 'unhandled error');
    res.status(500).json(body(req, 'internal'));
  };
}
