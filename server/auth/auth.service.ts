// Login and logout: password check, throttling, sessions.
import { AppError } from '../http/errors';
import type { Realtime } from '../realtime/realtime';
import type { UsersRepository, UserWithExtensions } from '../users/users.repository';
import { verifyPassword } from './password';
import type { SessionsRepository } from './sessions.repository';
import type { ThrottlePolicy, ThrottleRepository } from './throttle.repository';

const PER_LOGIN: ThrottlePolicy = { maxFailures: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
const PER_IP: ThrottlePolicy = { maxFailures: 50, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export class TooManyAttempts extends AppError {
  constructor(readonly until: Date) {
    super(429, 'too_many_attempts');
  }
}

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
    const loginKey = `login:${login.toLowerCase()}`;
    const ipKey = `ip:${ip ?? 'unknown'}`;
    for (const key of [loginKey, ipKey]) {
      const until = await this.throttle.lockedUntil(key);
      if (until) throw new TooManyAttempts(until);
    }
    const found = await this.users.findByLogin(login);
    const ok = await verifyPassword(found?.passwordHash, password);
    if (!found || !ok || !found.active) {
      const locks = [await this.throttle.fail(loginKey, PER_LOGIN), await this.throttle.fail(ipKey, PER_IP)];
      const until = locks.find((l) => l !== null);
      if (until) throw new TooManyAttempts(until);
      throw new AppError(401, 'invalid_credentials');
    }
    await this.throttle.reset(loginKey);
    const { token } = await this.sessions.create(found.id, ip, userAgent);
    const user = await this.users.findById(found.id);
    if (!user) throw new AppError(401, 'invalid_credentials');
    return { token, user };
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.deleteById(sessionId);
    this.realtime.disconnectSession(sessionId);
  }
}
