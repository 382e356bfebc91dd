// Users and their extensions in the database; the only place that queries these tables.
import { ACTIVE_EXTENSIONS } from './active-extensions';
import type { DataSource, EntityManager } from 'typeorm';
import type { Role, Subsystem } from '../../shared/domain';
import { UserEntity, UserExtensionEntity, type UserRow } from './user.entity';

export interface UserWithExtensions extends UserRow {
  extensions: string[];
}

export interface UserListFilter {
  q?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  limit: number;
  offset: number;
}

export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  private m(em?: EntityManager) {
    return em ?? this.ds.manager;
  }

  async count(em?: EntityManager): Promise<number> {
    return this.m(em).getRepository(UserEntity).count();
  }

  async countActiveAdmins(em?: EntityManager): Promise<number> {
    return this.m(em).getRepository(UserEntity).countBy({ role: 'admin', active: true });
  }

  /** Logins are stored lower-case; lookups ignore case. */
  async findByLogin(login: string, em?: EntityManager): Promise<UserRow | null> {
    return this.m(em)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.login = :login', { login: login.toLowerCase() })
      .getOne();
  }

  /** A new password hash; a password set by its owner needs no further change. */
  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.ds.query(
      `UPDATE users SET password_hash = $2, must_change_password = false, updated_at = now() WHERE id = $1`,
      [id, passwordHash],
    );
  }

  async findById(id: number, em?: EntityManager): Promise<UserWithExtensions | null> {
    const user = await this.m(em).getRepository(UserEntity).findOneBy({ id });
    if (!user) return null;
    return { ...user, extensions: await this.extensionsOf(user.id, em) };
  }

  async extensionsOf(userId: number, em?: EntityManager): Promise<string[]> {
    const rows = await this.m(em)
      .getRepository(UserExtensionEntity)
      .find({ where: { userId }, order: { extension: 'ASC' } });
    return rows.map((r) => r.extension);
  }

  /** extension -> active user id, for mapping the PBX's devices to people. */
  async extensionMap(em?: EntityManager): Promise<Map<string, number>> {
    const rows: { extension: string; user_id: number }[] = await this.m(em).query(
      `SELECT extension, user_id FROM ${ACTIVE_EXTENSIONS} ae`,
    );
    return new Map(rows.map((r) => [r.extension, r.user_id]));
  }

  async list(f: UserListFilter): Promise<{ items: UserWithExtensions[]; total: number }> {
    const qb = this.ds.getRepository(UserEntity).createQueryBuilder('u');
    if (f.q) {
      qb.andWhere('(u.login ILIKE :q OR u.full_name ILIKE :q)', { q: `%${f.q.replace(/[%_\\]/g, '\\$&')}%` });
    }
    if (f.role) qb.andWhere('u.role = :role', { role: f.role });
    if (f.active !== undefined) qb.andWhere('u.active = :active', { active: f.active });
    qb.orderBy('u.active', 'DESC').addOrderBy('u.full_name', 'ASC').skip(f.offset).take(f.limit);
    const [users, total] = await qb.getManyAndCount();
    const ids = users.map((u) => u.id);
    const exts = ids.length
      ? await this.ds
          .getRepository(UserExtensionEntity)
          .createQueryBuilder('e')
          .where('e.user_id IN (:...ids)', { ids })
          .orderBy('e.extension')
          .getMany()
      : [];
    const byUser = new Map<number, string[]>();
    for (const e of exts) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e.extension]);
    return { items: users.map((u) => ({ ...u, extensions: byUser.get(u.id) ?? [] })), total };
  }

  async insert(
    em: EntityManager,
    data: {
      login: string;
      passwordHash: string;
      fullName: string;
      role: Role;
      subsystems: Subsystem[];
      mustChangePassword?: boolean;
    },
  ): Promise<UserRow> {
    const repo = em.getRepository(UserEntity);
    return repo.save(repo.create({ ...data, active: true }));
  }

  async update(em: EntityManager, id: number, patch: Partial<UserRow>): Promise<void> {
    await em.getRepository(UserEntity).update({ id }, patch);
  }

  async setExtensions(em: EntityManager, userId: number, extensions: string[]): Promise<void> {
    const repo = em.getRepository(UserExtensionEntity);
    await repo.delete({ userId });
    if (extensions.length) await repo.insert(extensions.map((extension) => ({ extension, userId })));
  }

  /** Full names by id, for presenting owners and authors. */
  async namesOf(ids: (number | null | undefined)[], em?: EntityManager): Promise<Map<number, string>> {
    const unique = [...new Set(ids.filter((i): i is number => typeof i === 'number'))];
    if (!unique.length) return new Map();
    const rows: { id: number; full_name: string }[] = await this.m(em).query(
      `SELECT id, full_name FROM users WHERE id = ANY($1::int[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r.full_name]));
  }

  /** The active user of an extension. */
  async userOfExtension(extension: string | null, em?: EntityManager): Promise<number | null> {
    if (!extension) return null;
    const rows: { user_id: number }[] = await this.m(em).query(
      `SELECT user_id FROM ${ACTIVE_EXTENSIONS} ae WHERE extension = $1`,
      [extension],
    );
    return rows[0]?.user_id ?? null;
  }

  async extensionOwners(extensions: string[], em?: EntityManager): Promise<Map<string, number>> {
    if (!extensions.length) return new Map();
    const rows = await this.m(em)
      .getRepository(UserExtensionEntity)
      .createQueryBuilder('e')
      .where('e.extension IN (:...extensions)', { extensions })
      .getMany();
    return new Map(rows.map((r) => [r.extension, r.userId]));
  }
}
