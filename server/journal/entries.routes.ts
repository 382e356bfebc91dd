// /api/entries: the journal.
import { Router } from 'express';
import { attachBody, createEntryBody, entryListQuery, patchEntryBody } from '../../shared/api';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { idParam, parse } from '../http/validate';
import type { EntriesService } from './entries.service';

export function entriesRoutes(service: EntriesService): Router {
  const r = Router();
  r.get('/', requireAuth, async (req, res) => {
    res.json(await service.list(parse(entryListQuery, req.query), sessionOf(req)));
  });
  // The caller's open drafts with their pop-up context (restored after a reload).
  r.get('/drafts', requireAuth, async (req, res) => {
    const items = await service.draftsFor(sessionOf(req).userId);
    res.json({ items, total: items.length });
  });
  r.get('/:id', requireAuth, async (req, res) => {
    res.json(await service.get(idParam(req.params.id, 'entry_not_found'), sessionOf(req)));
  });
  r.post('/', requireRole('specialist', 'admin'), async (req, res) => {
    res.status(201).json(await service.create(parse(createEntryBody, req.body), sessionOf(req)));
  });
  r.patch('/:id', requireAuth, async (req, res) => {
    const id = idParam(req.params.id, 'entry_not_found');
    res.json(await service.patch(id, parse(patchEntryBody, req.body), sessionOf(req)));
  });
  r.post('/:id/attach-to', requireRole('specialist', 'admin'), async (req, res) => {
    const id = idParam(req.params.id, 'entry_not_found');
    const body = parse(attachBody, req.body);
    res.json(await service.attachTo(id, body.targetId, body.version, sessionOf(req)));
  });
  return r;
}
