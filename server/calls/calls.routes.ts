// /api/calls: the calls of the support lines (missed calls and callbacks on the desk page).
import { Router } from 'express';
import { callListQuery } from '../../shared/api';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { idParam, parse } from '../http/validate';
import type { CallsService } from './calls.service';

export function callsRoutes(service: CallsService): Router {
  const r = Router();
  r.get('/', requireAuth, async (req, res) => {
    res.json(await service.list(parse(callListQuery, req.query)));
  });
  r.get('/:id', requireAuth, async (req, res) => {
    res.json(await service.get(idParam(req.params.id, 'call_not_found')));
  });
  r.post('/:id/take', requireRole('specialist', 'admin'), async (req, res) => {
    res.json(await service.take(idParam(req.params.id, 'call_not_found'), sessionOf(req)));
  });
  r.post('/:id/handled', requireRole('specialist', 'admin'), async (req, res) => {
    res.json(await service.markHandled(idParam(req.params.id, 'call_not_found'), sessionOf(req)));
  });
  r.post('/:id/callback', requireRole('specialist', 'admin'), async (req, res) => {
    res.status(202).json(await service.callback(idParam(req.params.id, 'call_not_found'), sessionOf(req)));
  });
  return r;
}
