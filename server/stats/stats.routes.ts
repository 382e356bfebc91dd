// GET /api/stats: the statistics of a period (head and admin; a specialist gets their own);
// GET /api/stats/live: the wallboard.
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
  // The wallboard: the whole desk's calls up now and today's figures (a wall screen, the desk's strip).
  r.get('/live', requireAuth, async (_req, res) => {
    res.json(await stats.live());
  });
  return r;
}
