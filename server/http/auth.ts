// Session middleware and role guards: every route states who may call it.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../shared/domain';
import type { SessionsRepository, SessionUser } from '../auth/sessions.repository';
import { AppError } from './errors';

/** The session cookie's name: with HTTPS the __Host- prefix (Secure, this host only, path /). */
export const sessionCookieName = (secure: boolean): string => (secure ? '__Host-callog_sid' : 'callog_sid');

declare module 'express-serve-static-core' {
  interface Request {
    session?: SessionUser;
  }
}

/** Reads one cookie from a Cookie header without a dependency. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Attaches the session (if any) to the request; never rejects by itself. */
export function loadSession(sessions: SessionsRepository, cookieName: string): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = readCookie(req.headers.cookie, cookieName);
    if (token) {
      const s = await sessions.resolve(token);
      if (s) req.session = s;
    }
    next();
  };
}

/** The caller's session, or 401. */
export function sessionOf(req: Request): SessionUser {
  if (!req.session) throw new AppError(401, 'unauthenticated');
  return req.session;
}

/** Lets through signed-in users with one of the roles (any role when none given). */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const s = sessionOf(req);
    if (roles.length && !roles.includes(s.role)) throw new AppError(403, 'forbidden');
    next();
  };
}

export const requireAuth = requireRole();

/** Until a generated password is changed, only /api/auth/* answers (403 password_change_required). */
export const passwordChangeGate: RequestHandler = (req, _res, next) => {
  if (req.session?.mustChangePassword && !req.path.startsWith('/auth/')) {
    throw new AppError(403, 'password_change_required');
  }
  next();
};
