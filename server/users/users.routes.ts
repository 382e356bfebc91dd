// /api/users: the admin manages people; head and admin can list them; everyone sees the directory.
import { Router } from 'express';
import { z } from 'zod';
import { createUserBody, pageQuery, text, updateUserBody } from '../../shared/api';
import { ROLES } from '../../shared/domain';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { idParam, parse } from '../http/validate';
import { presentUser } from './users.presenter';
import type { UsersRepository } from './users.repository';
import type { UsersService } from './users.service';

export const listQuery = pageQuery.extend({
  q: text(100).optional(),
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export function usersRoutes(service: UsersService, repo: UsersRepository): Router {
  const r = Router();

  r.get('/', requireRole('admin', 'head'), async (req, res) => {
    const q = parse(listQuery, req.query);
    const page = await repo.list({ ...q, active: q.active === undefined ? undefined : q.active === 'true' });
    res.json({ items: page.items.map(presentUser), total: page.total });
  });

  // Names and roles of active people, for pickers and filters (no admin data).
  r.get('/directory', requireAuth, async (_req, res) => {
    const page = await repo.list({ active: true, limit: 500, offset: 0 });
    res.json({
      items: page.items.map((u) => ({ id: u.id, fullName: u.fullName, role: u.role, extensions: u.extensions })),
      total: page.total,
    });
  });

  r.post('/', requireRole('admin'), async (req, res) => {
    const user = await service.create(parse(createUserBody, req.body));
    res.status(201).json(presentUser(user));
  });

  r.get('/:id', requireRole('admin', 'head'), async (req, res) => {
    res.json(presentUser(await service.get(idParam(req.params.id, 'user_not_found'))));
  });

  r.patch('/:id', requireRole('admin'), async (req, res) => {
    const id = idParam(req.params.id, 'user_not_found');
    res.json(presentUser(await service.update(sessionOf(req).userId, id, parse(updateUserBody, req.body))));
  });

  // Users are never deleted (the journal refers to them): DELETE deactivates.
  r.delete('/:id', requireRole('admin'), async (req, res) => {
    const id = idParam(req.params.id, 'user_not_found');
    res.json(presentUser(await service.update(sessionOf(req).userId, id, { active: false })));
  });

  return r;
}
