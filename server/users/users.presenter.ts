// The one wire shape of a user.
import type { UserDto } from '../../shared/api';
import type { UserWithExtensions } from './users.repository';

export function presentUser(u: UserWithExtensions): UserDto {
  return {
    id: u.id,
    login: u.login,
    fullName: u.fullName,
    role: u.role,
    extensions: u.extensions,
    subsystems: u.subsystems,
    active: u.active,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}
