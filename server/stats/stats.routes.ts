// GET /api/stats: the statistics of a period (head and admin; a specialist gets their own).
import { Router } from 'express';
import { statsQuery } from '../../shared/stats';
import { requireAuth, sessionOf } from '../http/auth';
import { parse } from '../http/validate';
import type { StatsService } from './stats.service';

export function statsRoutes(stats: StatsService): Router {
  const r = Router();
  r.get('/', requireAuth, async (req, res) => {
    res.json(await stats.stats(parse(statsQuery, req.query), sessionOf(req)));
  });
  return r;
}
