// /api/calls: the calls of the support lines (missed calls and callbacks on the desk page).
import { Router } from 'express';
import { callListQuery } from '../../shared/api';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { idParam, parse } from '../http/validate';
import type { CallsService } from './calls.service';
import { exportFormat, sendTable, type Column } from '../http/table-export';
import type { CallDto } from '../../shared/api';
import { callCourse, callOutcomeKind, CALL_OUTCOME_TEXT } from '../../shared/calls';
import { formatDateTime } from '../../shared/datetime';
import { callerLabel } from '../../shared/phone';

/** The columns of the calls page, in a download. */
function callColumns(timeZone: string): Column<CallDto>[] {
  return [
    { title: 'Время', value: (c) => formatDateTime(c.startedAt, timeZone), width: 17 },
    { title: 'Линия', value: (c) => c.line?.displayNumber ?? '', width: 18 },
    { title: 'Номер', value: (c) => callerLabel(c.callerNumber), width: 18 },
    { title: 'Исход', value: (c) => CALL_OUTCOME_TEXT[callOutcomeKind(c)], width: 20 },
    { title: 'Ждал, с', value: (c) => c.waitSeconds },
    { title: 'Разговор, с', value: (c) => c.talkSeconds },
    { title: 'Удержание, с', value: (c) => c.holdSeconds },
    { title: 'Специалист', value: (c) => c.userName ?? '', width: 30 },
    { title: 'Внутренний', value: (c) => c.extension ?? '' },
    { title: 'Ход звонка', value: (c) => callCourse(c), width: 40 },
    { title: 'Запрос (id)', value: (c) => c.entryId },
  ];
}

export function callsRoutes(service: CallsService): Router {
  const r = Router();
  r.get('/', requireAuth, async (req, res) => {
    res.json(await service.list(parse(callListQuery, req.query)));
  });
  r.get('/export', requireAuth, async (req, res) => {
    const { format, ...q } = parse(callListQuery.extend({ format: exportFormat }), req.query);
    const rows = await service.listAll(q);
    await sendTable(res, {
      name: `Звонки_${q.from ?? ''}_${q.to ?? ''}`,
      ascii: 'calls',
      format,
      columns: callColumns(service.timeZone),
      rows,
    });
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
