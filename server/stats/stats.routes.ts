// GET /api/stats: the statistics of a period (head and admin; a specialist gets their own);
// GET /api/stats/live: the wallboard.
import { Router } from 'express';
import { z } from 'zod';
import { STATS_TABLES, statsQuery } from '../../shared/stats';
import { exportFormat, sendTable } from '../http/table-export';
import { statsTable } from './stats.export';
import { requireAuth, sessionOf } from '../http/auth';
import { parse } from '../http/validate';
import type { StatsService } from './stats.service';

const exportQuery = z.object({ table: z.enum(STATS_TABLES), format: exportFormat });

export function statsRoutes(stats: StatsService): Router {
  const r = Router();
  r.get('/', requireAuth, async (req, res) => {
    res.json(await stats.stats(parse(statsQuery, req.query), sessionOf(req)));
  });
  // A table of the page as CSV or XLSX, with the same filters (and the same rule for a specialist).
  r.get('/export', requireAuth, async (req, res) => {
    const { table, format } = parse(exportQuery, req.query);
    const t = statsTable(await stats.stats(parse(statsQuery, req.query), sessionOf(req)), table);
    await sendTable(res, { name: t.name, ascii: `stats-${table}`, format, columns: t.columns, rows: t.rows });
  });
  // The wallboard: the whole desk's calls up now and today's figures (a wall screen, the desk's strip).
  r.get('/live', requireAuth, async (_req, res) => {
    res.json(await stats.live());
  });
  return r;
}
