// /api/calendar: the working calendar (federal data, the admin's overrides, weekly hours, uploaded years).
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { calendarApplyQuery, calendarImportParams, calendarOverrideBody, weekScheduleBody } from '../../shared/api';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { CALENDAR_FILE_MAX_BYTES } from './calendar-file';
import { CalendarImportService } from './calendar-import.service';
import type { CalendarService } from './calendar.service';
import { wallClock } from './tz';

export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const dateParam = z.iso.date('Дата в формате ГГГГ-ММ-ДД');

// The uploaded file is the request body, as the browser sends a chosen file (any type: sniffed).
const raw = express.raw({ type: () => true, limit: CALENDAR_FILE_MAX_BYTES });
const fileBody: RequestHandler = (req, res, next) =>
  raw(req, res, (err?: unknown) =>
    next(
      (err as { type?: string } | undefined)?.type === 'entity.too.large'
        ? new AppError(413, 'calendar_file_too_large')
        : err,
    ),
  );
const fileOf = (req: Request): Buffer => {
  if (Buffer.isBuffer(req.body) && req.body.length > 0) return req.body;
  const hint = 'Пришлите файл календаря (XML, XLSX или CSV) телом запроса, Content-Type: application/octet-stream.';
  throw new AppError(400, 'calendar_file_invalid', { file: hint }, hint);
};

export function calendarRoutes(service: CalendarService, imports = new CalendarImportService(service)): Router {
  const r = Router();

  r.get('/', requireAuth, async (req, res) => {
    const year = parse(yearQuery, req.query).year ?? wallClock(new Date(), service.timeZone).year;
    res.json(await service.year(year));
  });

  // Which years ahead lack the federal calendar: a visible warning for the admin.
  r.get('/status', requireAuth, async (_req, res) => {
    const now = wallClock(new Date(), service.timeZone).year;
    res.json({ missingYears: await service.missingYears([now, now + 1]) });
  });

  r.put('/overrides/:date', requireRole('admin'), async (req, res) => {
    const date = parse(dateParam, req.params.date);
    await service.setOverride(date, parse(calendarOverrideBody, req.body), sessionOf(req).userId);
    res.status(204).end();
  });

  r.delete('/overrides/:date', requireRole('admin'), async (req, res) => {
    const date = parse(dateParam, req.params.date);
    if (!(await service.deleteOverride(date))) throw new AppError(404, 'not_found');
    res.status(204).end();
  });

  r.put('/schedule', requireRole('admin'), async (req, res) => {
    await service.setSchedule(parse(weekScheduleBody, req.body));
    res.status(204).end();
  });

  // A year's published production calendar: the differences first, then apply what was shown.
  r.post('/:year/import/preview', requireRole('admin'), fileBody, async (req, res) => {
    const { year } = parse(calendarImportParams, req.params);
    res.json(await imports.preview(year, fileOf(req)));
  });

  r.post('/:year/import/apply', requireRole('admin'), fileBody, async (req, res) => {
    const { year } = parse(calendarImportParams, req.params);
    const { token } = parse(calendarApplyQuery, req.query);
    res.json(await imports.apply(year, fileOf(req), token, sessionOf(req).userId));
  });

  return r;
}
