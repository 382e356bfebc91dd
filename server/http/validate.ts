// Validation at the edge: zod-parse what enters, or answer 400 with per-field messages.
import type { z } from 'zod';
import { AppError, zodFields } from './errors';

export function parse<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (!result.success) throw new AppError(400, 'validation_failed', zodFields(result.error));
  return result.data;
}

/** A positive integer route parameter (ids), else 404: a malformed id names nothing. */
export function idParam(
  value: unknown,
  code: 'not_found' | 'entry_not_found' | 'user_not_found' | 'call_not_found' | 'mail_not_found' = 'not_found',
): number {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new AppError(404, code);
  return n;
}
