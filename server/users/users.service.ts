// Managing users: create, edit, deactivate; the first admin at boot.
import type { DataSource, EntityManager } from 'typeorm';
import type { CreateUserBody, UpdateUserBody } from '../../shared/api';
import { generatePassword, hashPassword } from '../auth/password';
import type { SessionsRepository } from '../auth/sessions.repository';
import { uniqueViolation } from '../db/errors';
import { AppError } from '../http/errors';
import type { Realtime } from '../realtime/realtime';
import type { UsersRepository, UserWithExtensions } from './users.repository';

export class UsersService {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly realtime: Pick<Realtime, 'disconnectUser'>,
  ) {}

  async create(body: CreateUserBody): Promise<UserWithExtensions> {
    const extensions = [...new Set(body.extensions)];
    const passwordHash = await hashPassword(body.password);
    const id = await this.withUniqueErrors(() =>
      this.ds.transaction(async (em) => {
        await this.assertExtensionsFree(em, extensions, null);
        const user = await this.users.insert(em, {
          login: body.login,
          passwordHash,
          fullName: body.fullName,
          role: body.role,
          subsystems: [...new Set(body.subsystems)],
        });
        await this.users.setExtensions(em, user.id, extensions);
        return user.id;
      }),
    );
    return this.get(id);
  }

  async get(id: number): Promise<UserWithExtensions> {
    const user = await this.users.findById(id);
    if (!user) throw new AppError(404, 'user_not_found');
    return user;
  }

  async update(actorId: number, id: number, body: UpdateUserBody): Promise<UserWithExtensions> {
    const passwordHash = body.password ? await hashPassword(body.password) : undefined;
    let endSessions = false;
    await this.withUniqueErrors(() =>
      this.ds.transaction(async (em) => {
        const current = await this.users.findById(id, em);
        if (!current) throw new AppError(404, 'user_not_found');
        const deactivating = body.active === false && current.active;
        const demoting = body.role !== undefined && body.role !== 'admin' && current.role === 'admin';
        if (deactivating && id === actorId) throw new AppError(409, 'cannot_deactivate_self');
        if ((deactivating || demoting) && current.role === 'admin') {
          // Lock the admins so two concurrent edits cannot remove the last one between them.
          await em.query(`SELECT id FROM users WHERE role = 'admin' AND active FOR UPDATE`);
          if ((await this.users.countActiveAdmins(em)) <= 1) throw new AppError(409, 'last_admin');
        }
        await this.users.update(em, id, {
          ...(body.fullName !== undefined ? { fullName: body.fullName } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(body.subsystems !== undefined ? { subsystems: [...new Set(body.subsystems)] } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          ...(passwordHash ? { passwordHash } : {}),
          updatedAt: new Date(),
        });
        if (body.extensions !== undefined) {
          const extensions = [...new Set(body.extensions)];
          await this.assertExtensionsFree(em, extensions, id);
          await this.users.setExtensions(em, id, extensions);
        }
        endSessions = deactivating || (body.role !== undefined && body.role !== current.role) || !!passwordHash;
      }),
    );
    if (endSessions) {
      // A deactivated user, a changed role or password: every open session ends at once.
      await this.sessions.deleteForUser(id);
      this.realtime.disconnectUser(id);
    }
    return this.get(id);
  }

  /** Creates the first admin when there are no users; returns the generated password, if any. */
  async ensureFirstAdmin(
    login: string,
    password: string | undefined,
  ): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.users.count()) > 0) return { created: false };
    const generated = password ? undefined : generatePassword();
    const passwordHash = await hashPassword(password ?? generated!);
    const created = await this.ds.transaction(async (em) => {
      // Two instances booting together on an empty database: only one creates the admin.
      await em.query('SELECT pg_advisory_xact_lock(4242002)');
      if ((await this.users.count(em)) > 0) return false;
      await this.users.insert(em, {
        login,
        passwordHash,
        fullName: 'Администратор',
        role: 'admin',
        subsystems: [],
        // A password printed in a log must not stay in use.
        mustChangePassword: generated !== undefined,
      });
      return true;
    });
    return created ? { created, ...(generated ? { generatedPassword: generated } : {}) } : { created: false };
  }

  /** Demo mode on a new database: two specialists on extensions 101 and 102, to take demo calls. */
  async createDemoSpecialists(): Promise<{ login: string; password: string; extension: string }[]> {
    const people = [
      { login: 'ivanova', fullName: 'Иванова Анна Сергеевна', extension: '101' },
      { login: 'petrov', fullName: 'Петров Игорь Николаевич', extension: '102' },
    ];
    const out: { login: string; password: string; extension: string }[] = [];
    for (const p of people) {
      const password = generatePassword();
      try {
        await this.create({
          login: p.login,
          password,
          fullName: p.fullName,
          role: 'specialist',
          extensions: [p.extension],
          subsystems: ['kindergarten', 'school', 'college'],
        });
        out.push({ login: p.login, password, extension: p.extension });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
      }
    }
    return out;
  }

  private async assertExtensionsFree(em: EntityManager, extensions: string[], userId: number | null) {
    const owners = await this.users.extensionOwners(extensions, em);
    const taken = extensions.filter((e) => owners.has(e) && owners.get(e) !== userId);
    if (taken.length) {
      throw new AppError(409, 'extension_taken', {
        extensions: `Уже закреплены за другими пользователями: ${taken.join(', ')}`,
      });
    }
  }

  private async withUniqueErrors<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const v = uniqueViolation(err);
      if (v?.table === 'users') throw new AppError(409, 'login_taken', { login: 'Этот логин уже занят' });
      if (v?.table === 'user_extensions') throw new AppError(409, 'extension_taken');
      throw err;
    }
  }
}
