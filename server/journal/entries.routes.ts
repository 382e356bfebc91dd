// /api/entries: the journal.
import { Router } from 'express';
import {
  answeredBeforeQuery,
  attachBody,
  callerContextQuery,
  createEntryBody,
  entryListQuery,
  patchEntryBody,
} from '../../shared/api';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { idParam, parse } from '../http/validate';
import type { EntriesService } from './entries.service';
import type { EntryDto } from '../../shared/api';
import { formatDateTime } from '../../shared/datetime';
import { CHANNEL_LABELS, STATUS_LABELS, SUBSYSTEM_LABELS, TYPE_LABELS } from '../../shared/domain';
import { exportFormat, sendTable, type Column } from '../http/table-export';

function entryColumns(timeZone: string): Column<EntryDto>[] {
  return [
    { title: '№', value: (e) => e.regNumber ?? '', width: 11 },
    { title: 'Дата регистрации', value: (e) => formatDateTime(e.registeredAt, timeZone), width: 17 },
    { title: 'Тип', value: (e) => (e.type ? TYPE_LABELS[e.type].ru : ''), width: 12 },
    { title: 'Подсистема', value: (e) => (e.subsystem ? SUBSYSTEM_LABELS[e.subsystem].ru : ''), width: 16 },
    { title: 'Наименование ОО', value: (e) => e.organizationName, width: 40 },
    { title: 'ФИО', value: (e) => e.personName, width: 28 },
    { title: 'Описание запроса', value: (e) => e.description, width: 60 },
    { title: 'Дополнительная информация', value: (e) => e.additionalInfo, width: 30 },
    { title: 'Статус', value: (e) => STATUS_LABELS[e.status].ru, width: 16 },
    { title: 'Решение', value: (e) => e.resolution, width: 50 },
    { title: 'Дата решения', value: (e) => formatDateTime(e.resolvedAt, timeZone), width: 17 },
    { title: 'Специалист', value: (e) => e.ownerName ?? '', width: 28 },
    { title: 'Канал', value: (e) => CHANNEL_LABELS[e.channel].ru, width: 10 },
    { title: 'Линия', value: (e) => e.line?.displayNumber ?? '', width: 18 },
    { title: 'Примечание', value: (e) => e.note, width: 30 },
  ];
}

export function entriesRoutes(service: EntriesService): Router {
  const r = Router();
  r.get('/', requireAuth, async (req, res) => {
    res.json(await service.list(parse(entryListQuery, req.query), sessionOf(req)));
  });
  // The journal as it is filtered, as CSV or XLSX (the columns of the page and Form No. 1).
  r.get('/export', requireAuth, async (req, res) => {
    const { format, ...q } = parse(entryListQuery.extend({ format: exportFormat }), req.query);
    const rows = await service.listAll(q, sessionOf(req));
    await sendTable(res, { name: 'Журнал', ascii: 'journal', format, columns: entryColumns(service.timeZone), rows });
  });
  // The caller's open drafts with their pop-up context (restored after a reload).
  r.get('/drafts', requireAuth, async (req, res) => {
    const items = await service.draftsFor(sessionOf(req));
    res.json({ items, total: items.length });
  });
  // Closed entries like the description being typed, with their resolutions (the form's «Уже отвечали»).
  r.get('/answered-before', requireAuth, async (req, res) => {
    res.json({ items: await service.answeredBefore(parse(answeredBeforeQuery, req.query)) });
  });
  // A caller number's organisations and people (directory, earlier entries) and recent entries: the
  // panel and the manual form offer them as the pop-up does.
  r.get('/caller-context', requireAuth, async (req, res) => {
    const q = parse(callerContextQuery, req.query);
    res.json(await service.callerContextOf(q.caller, q.exclude ?? null));
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
  r.post('/:id/mail-seen', requireAuth, async (req, res) => {
    await service.mailSeen(idParam(req.params.id, 'entry_not_found'), sessionOf(req));
    res.status(204).end();
  });
  r.post('/:id/attach-to', requireRole('specialist', 'admin'), async (req, res) => {
    const id = idParam(req.params.id, 'entry_not_found');
    const body = parse(attachBody, req.body);
    res.json(await service.attachTo(id, body.targetId, body.version, sessionOf(req)));
  });
  return r;
}
