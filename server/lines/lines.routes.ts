// /api/lines: the support lines (for filters and the manual registration form).
import { Router } from 'express';
import { requireAuth } from '../http/auth';
import { presentLine, type LinesRepository } from './lines.repository';

export function linesRoutes(lines: LinesRepository): Router {
  const r = Router();
  r.get('/', requireAuth, async (_req, res) => {
    const items = (await lines.all()).map((l) => presentLine(l)!);
    res.json({ items, total: items.length });
  });
  return r;
}
