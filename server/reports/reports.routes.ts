// /api/reports: Form No. 1 downloads and the monthly hand-over.
import { Router } from 'express';
import { z } from 'zod';
import { MONTH, form1Query } from '../../shared/api';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { disposition } from '../http/table-export';
import { idParam, parse } from '../http/validate';
import type { ReportsService } from './reports.service';

export const monthQuery = z.object({ month: MONTH });

export function reportsRoutes(service: ReportsService): Router {
  const r = Router();

  r.get('/form1', requireAuth, async (req, res) => {
    const q = parse(form1Query, req.query);
    const s = sessionOf(req);
    const { body, report } = await service.form1(q.month, q.specialist, q.format, s);
    const who =
      report.sections.length === 1 && (s.role === 'specialist' || q.specialist !== undefined)
        ? report.sections[0]!.specialist.fullName.split(/\s+/)[0]!
        : 'Ситуационный_центр';
    res.setHeader(
      'Content-Type',
      q.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    res.setHeader(
      'Content-Disposition',
      disposition(`Форма1_${who}_${q.month}.${q.format}`, `form1-${q.month}.${q.format}`),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  });

  r.get('/handovers', requireAuth, async (req, res) => {
    const { month } = parse(monthQuery, req.query);
    const items = await service.handovers(month, sessionOf(req));
    res.json({ items, total: items.length });
  });

  r.get('/handovers/reminder', requireAuth, async (req, res) => {
    res.json(await service.reminder(sessionOf(req)));
  });

  r.post('/handovers/:month/printed', requireRole('specialist', 'admin'), async (req, res) => {
    const month = parse(MONTH, req.params.month);
    res.json(await service.markPrinted(month, sessionOf(req)));
  });

  r.post('/handovers/:month/:specialistId/received', requireRole('head', 'admin'), async (req, res) => {
    const month = parse(MONTH, req.params.month);
    res.json(await service.markReceived(month, idParam(req.params.specialistId, 'user_not_found'), sessionOf(req)));
  });

  return r;
}
