// Users of callog (specialists, the head, admins) and their phone extensions.
import { EntitySchema } from 'typeorm';
import type { Role, Subsystem } from '../../shared/domain';
import { col } from '../db/columns';

export interface UserRow {
  id: number;
  login: string;
  passwordHash: string;
  fullName: string;
  role: Role;
  subsystems: Subsystem[];
  active: boolean;
  /** A generated password (the first admin's): it must be changed at the next login. */
  mustChangePassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const UserEntity = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: col.id(),
    login: col.varchar('login', 64, { unique: true }),
    passwordHash: col.text('password_hash'),
    fullName: col.text('full_name'),
    role: col.varchar('role', 16),
    subsystems: col.textArray('subsystems'),
    active: col.bool('active', { default: true }),
    mustChangePassword: col.bool('must_change_password', { default: false }),
    createdAt: col.created(),
    updatedAt: col.updated(),
  },
  checks: [{ name: 'users_role_check', expression: `"role" IN ('specialist','head','admin')` }],
});

/** One extension belongs to at most one user: the PBX device -> person lookup. */
export interface UserExtensionRow {
  extension: string;
  userId: number;
}

export const UserExtensionEntity = new EntitySchema<UserExtensionRow>({
  name: 'UserExtension',
  tableName: 'user_extensions',
  columns: {
    extension: { name: 'extension', type: 'varchar', length: 16, primary: true },
    userId: col.int('user_id'),
  },
  indices: [{ name: 'user_extensions_user_idx', columns: ['userId'] }],
  foreignKeys: [{ target: 'User', columnNames: ['userId'], referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
});
