// Login, logout and password changes: throttled attempts, server-side sessions.
import type { ThrottleDto } from '../../shared/api';
import { AppError } from '../http/errors';
import type { Realtime } from '../realtime/realtime';
import type { UsersRepository, UserWithExtensions } from '../users/users.repository';
import { hashPassword, verifyPassword } from './password';
import type { SessionsRepository, SessionUser } from './sessions.repository';
import type { ThrottlePolicy, ThrottleRepository } from './throttle.repository';

const WINDOW = 15 * 60_000;
const MAX_DELAY = 15 * 60_000;
/**
 * Per login from one address: a few tries, then growing waits. Per address: a little more (several
 * people behind one NAT). Per login from anywhere: high, against a guess spread over many addresses;
 * none of them shuts the real user out for long, and the pair (login, address) that an attacker
 * uses does not touch the real user's own address.
 */
const PAIR: ThrottlePolicy = { free: 5, windowMs: WINDOW, maxDelayMs: MAX_DELAY };
const ADDRESS: ThrottlePolicy = { free: 30, windowMs: WINDOW, maxDelayMs: MAX_DELAY };
const LOGIN: ThrottlePolicy = { free: 100, windowMs: WINDOW, maxDelayMs: MAX_DELAY };

export class TooManyAttempts extends AppError {
  constructor(readonly until: Date) {
    super(429, 'too_many_attempts');
  }
}

const keysOf = (login: string, ip: string) => ({
  pair: `pair:${login}|${ip}`,
  address: `ip:${ip}`,
  login: `login:${login}`,
});

export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly throttle: ThrottleRepository,
    private readonly realtime: Pick<Realtime, 'disconnectSession'>,
  ) {}

  async login(
    login: string,
    password: string,
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ token: string; user: UserWithExtensions }> {
    const k = keysOf(login.toLowerCase(), ip ?? 'unknown');
    // Counted before the password is checked: a burst in parallel cannot try more than allowed.
    for (const [key, policy] of [
      [k.pair, PAIR],
      [k.address, ADDRESS],
      [k.login, LOGIN],
    ] as const) {
      const until = await this.throttle.attempt(key, policy);
      if (until) throw new TooManyAttempts(until);
    }
    const found = await this.users.findByLogin(login);
    const ok = await verifyPassword(found?.passwordHash, password);
    if (!found || !ok || !found.active) throw new AppError(401, 'invalid_credentials');
    await this.throttle.succeeded({ forget: [k.pair], uncount: [k.address, k.login] }, PAIR);
    const { token } = await this.sessions.create(found.id, ip, userAgent);
    const user = await this.users.findById(found.id);
    if (!user) throw new AppError(401, 'invalid_credentials');
    return { token, user };
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.deleteById(sessionId);
    this.realtime.disconnectSession(sessionId);
  }

  /** The user changes their own password; every other session of theirs ends at once. */
  async changePassword(s: SessionUser, current: string, next: string): Promise<UserWithExtensions> {
    const found = await this.users.findByLogin(s.login);
    if (!found || !(await verifyPassword(found.passwordHash, current))) throw new AppError(400, 'wrong_password');
    await this.users.setPassword(found.id, await hashPassword(next));
    for (const id of await this.sessions.deleteOthers(found.id, s.sessionId)) this.realtime.disconnectSession(id);
    const user = await this.users.findById(found.id);
    if (!user) throw new AppError(401, 'unauthenticated');
    return user;
  }

  async throttles(): Promise<ThrottleDto[]> {
    return (await this.throttle.list()).map((t) => {
      const [kind, rest] = [t.key.slice(0, t.key.indexOf(':')), t.key.slice(t.key.indexOf(':') + 1)];
      const [login, address] =
        kind === 'pair' ? [rest.slice(0, rest.indexOf('|')), rest.slice(rest.indexOf('|') + 1)] : [rest, rest];
      return {
        key: t.key,
        kind: kind === 'pair' ? 'login_from_address' : kind === 'ip' ? 'address' : 'login',
        login: kind === 'ip' ? null : login,
        address: kind === 'login' ? null : address,
        failures: t.failures,
        since: t.firstFailedAt.toISOString(),
        waitUntil: t.lockedUntil && t.lockedUntil.getTime() > Date.now() ? t.lockedUntil.toISOString() : null,
      };
    });
  }

  async clearThrottle(key: string): Promise<void> {
    if (!(await this.throttle.clear(key))) throw new AppError(404, 'throttle_not_found');
  }
}
