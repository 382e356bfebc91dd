// /api/calendar: the working calendar (federal data, the admin's overrides, weekly hours).
import { Router } from 'express';
import { z } from 'zod';
import { calendarOverrideBody, weekScheduleBody, type CalendarYearDto } from '../../shared/api';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import type { CalendarService } from './calendar.service';
import { wallClock } from './tz';
import { WorkingCalendar } from './working-time';

const hm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
const dateParam = z.iso.date('Дата в формате ГГГГ-ММ-ДД');

export function calendarRoutes(service: CalendarService): Router {
  const r = Router();

  r.get('/', requireAuth, async (req, res) => {
    const year = parse(yearQuery, req.query).year ?? wallClock(new Date(), service.timeZone).year;
    const cal = await service.get();
    const days = [];
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
      const info = cal.day(d.toISOString().slice(0, 10));
      days.push({
        date: info.date,
        kind: info.kind,
        working: info.working,
        start: info.working ? hm(info.start) : null,
        end: info.working ? hm(info.end) : null,
        title: info.title,
        overridden: info.overridden,
      });
    }
    const body: CalendarYearDto = {
      year,
      known: WorkingCalendar.hasYear(year),
      days,
      schedule: await service.schedule(),
    };
    res.json(body);
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
