// /api/organizations: the directory of educational organisations.
import express, { Router } from 'express';
import { addPhoneBody, organizationBody, organizationPatch, pageQuery, text } from '../../shared/api';
import { requireAuth, requireRole } from '../http/auth';
import { AppError } from '../http/errors';
import { idParam, parse } from '../http/validate';
import type { OrganizationsRepository } from './organizations.repository';
import type { OrganizationsService } from './organizations.service';

export const listQuery = pageQuery.extend({ q: text(200).optional() });

export function organizationsRoutes(service: OrganizationsService, repo: OrganizationsRepository): Router {
  const r = Router();
  r.get('/', requireAuth, async (req, res) => {
    const q = parse(listQuery, req.query);
    res.json(await repo.list(q.q, q.limit, q.offset));
  });
  r.get('/:id', requireAuth, async (req, res) => {
    res.json(await service.get(idParam(req.params.id)));
  });
  r.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await service.create(parse(organizationBody, req.body)));
  });
  r.patch('/:id', requireRole('admin'), async (req, res) => {
    res.json(await service.update(idParam(req.params.id), parse(organizationPatch, req.body)));
  });
  // From the pop-up: the caller's number belongs to this organisation.
  r.post('/:id/phones', requireRole('specialist', 'admin'), async (req, res) => {
    res.json(await service.addPhone(idParam(req.params.id), parse(addPhoneBody, req.body).phone));
  });
  // The CSV file is the request body (text/csv), as the browser sends a chosen file.
  r.post(
    '/import',
    requireRole('admin'),
    express.raw({ type: ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'], limit: '20mb' }),
    async (req, res) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new AppError(400, 'validation_failed', { file: 'Пришлите файл CSV (Content-Type: text/csv)' });
      }
      res.json(await service.importCsv(req.body));
    },
  );
  return r;
}
