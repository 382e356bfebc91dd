// /api/calendar: the working calendar (federal data, the admin's overrides, weekly hours).
import { Router } from 'express';
import { z } from 'zod';
import { calendarOverrideBody, weekScheduleBody } from '../../shared/api';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import type { CalendarService } from './calendar.service';
import { wallClock } from './tz';
import { WorkingCalendar } from './working-time';

export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const dateParam = z.iso.date('Дата в формате ГГГГ-ММ-ДД');

export function calendarRoutes(service: CalendarService): Router {
  const r = Router();

  r.get('/', requireAuth, async (req, res) => {
    const year = parse(yearQuery, req.query).year ?? wallClock(new Date(), service.timeZone).year;
    res.json(await service.year(year));
  });

  // Which years ahead lack the federal calendar: a visible warning for the admin.
  r.get('/status', requireAuth, (_req, res) => {
    const now = wallClock(new Date(), service.timeZone).year;
    res.json({ missingYears: [now, now + 1].filter((y) => !WorkingCalendar.hasYear(y)) });
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

  return r;
}
