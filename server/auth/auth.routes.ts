// POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me, POST /api/auth/password,
// GET /api/auth/throttles and DELETE /api/auth/throttles/:key (admin).
import { Router, type CookieOptions } from 'express';
import { changePasswordBody, loginBody, type MeDto } from '../../shared/api';
import type { Config } from '../config';
import { requireAuth, requireRole, sessionCookieName, sessionOf } from '../http/auth';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { presentUser } from '../users/users.presenter';
import type { UsersRepository, UserWithExtensions } from '../users/users.repository';
import { TooManyAttempts, type AuthService } from './auth.service';

export function authRoutes(
  auth: AuthService,
  users: UsersRepository,
  config: Config,
  info: () => { demo: boolean },
): Router {
  const r = Router();
  const me = (user: UserWithExtensions): MeDto => ({
    user: presentUser(user),
    demo: info().demo,
    timeZone: config.timeZone,
    mustChangePassword: user.mustChangePassword,
  });
  const cookieName = sessionCookieName(config.cookieSecure);
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
      res.cookie(cookieName, token, cookie);
      res.json(me(user));
    } catch (err) {
      if (err instanceof TooManyAttempts) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil((err.until.getTime() - Date.now()) / 1000))));
      }
      throw err;
    }
  });

  r.post('/logout', async (req, res) => {
    if (req.session) await auth.logout(req.session.sessionId);
    res.clearCookie(cookieName, { ...cookie, maxAge: undefined });
    res.status(204).end();
  });

  r.get('/me', requireAuth, async (req, res) => {
    const user = await users.findById(sessionOf(req).userId);
    if (!user) throw new AppError(401, 'unauthenticated');
    res.json(me(user));
  });

  r.post('/password', requireAuth, async (req, res) => {
    const body = parse(changePasswordBody, req.body);
    res.json(me(await auth.changePassword(sessionOf(req), body.currentPassword, body.newPassword)));
  });

  r.get('/throttles', requireRole('admin'), async (_req, res) => {
    const items = await auth.throttles();
    res.json({ items, total: items.length });
  });

  r.delete('/throttles/:key', requireRole('admin'), async (req, res) => {
    const key = String(req.params.key).slice(0, 300);
    // PostgreSQL text cannot hold U+0000, so no throttle has such a key.
    if (key.includes('\u0000')) throw new AppError(404, 'throttle_not_found');
    await auth.clearThrottle(key);
    res.status(204).end();
  });

  return r;
}
