// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me
import { Router, type CookieOptions } from 'express';
import { loginBody } from '../../shared/api';
import type { Config } from '../config';
import { requireAuth, SESSION_COOKIE, sessionOf } from '../http/auth';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { presentUser } from '../users/users.presenter';
import type { UsersRepository } from '../users/users.repository';
import { TooManyAttempts, type AuthService } from './auth.service';

export function authRoutes(
  auth: AuthService,
  users: UsersRepository,
  config: Config,
  info: () => { demo: boolean },
): Router {
  const r = Router();
  const cookie: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
    maxAge: config.sessionTtlMs,
  };

  r.post('/login', async (req, res) => {
    const body = parse(loginBody, req.body);
    try {
      const { token, user } = await auth.login(
        body.login,
        body.password,
        req.ip ?? null,
        req.get('user-agent') ?? null,
      );
      res.cookie(SESSION_COOKIE, token, cookie);
      res.json({ user: presentUser(user), demo: info().demo, timeZone: config.timeZone });
    } catch (err) {
      if (err instanceof TooManyAttempts) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil((err.until.getTime() - Date.now()) / 1000))));
      }
      throw err;
    }
  });

  r.post('/logout', async (req, res) => {
    if (req.session) await auth.logout(req.session.sessionId);
    res.clearCookie(SESSION_COOKIE, { ...cookie, maxAge: undefined });
    res.status(204).end();
  });

  r.get('/me', requireAuth, async (req, res) => {
    const user = await users.findById(sessionOf(req).userId);
    if (!user) throw new AppError(401, 'unauthenticated');
    res.json({ user: presentUser(user), demo: info().demo, timeZone: config.timeZone });
  });

  return r;
}
