// /api/mail: the shared «Почта» queue, taking a mail, held mail, attachments and original messages.
import { Router } from 'express';
import { requireAuth, requireRole, sessionOf } from '../http/auth';
import { disposition } from '../http/table-export';
import { idParam } from '../http/validate';
import type { MailService } from './mail.service';

/** A file name safe for the ASCII fallback of Content-Disposition. */
const asciiName = (name: string, fallback: string) => {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  const base = name
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${base || fallback}${ext}`;
};

export function mailRoutes(service: MailService): Router {
  const r = Router();
  r.get('/status', requireAuth, (_req, res) => {
    res.json(service.status());
  });
  r.get('/queue', requireAuth, async (_req, res) => {
    const items = await service.queue();
    res.json({ items, total: items.length });
  });
  r.post('/queue/:entryId/take', requireRole('specialist', 'admin'), async (req, res) => {
    res.json(await service.take(idParam(req.params.entryId, 'mail_not_found'), sessionOf(req)));
  });
  r.get('/held', requireRole('admin', 'head'), async (_req, res) => {
    const items = await service.held();
    res.json({ items, total: items.length });
  });
  r.post('/held/:id/release', requireRole('admin'), async (req, res) => {
    res.json(await service.release(idParam(req.params.id, 'mail_not_found')));
  });
  r.get('/attachments/:id', requireAuth, async (req, res) => {
    const a = await service.attachment(idParam(req.params.id, 'mail_not_found'), sessionOf(req));
    // Served as a download, never rendered by the browser as our page (an HTML attachment).
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Disposition', disposition(a.filename, asciiName(a.filename, 'attachment')));
    res.end(a.content);
  });
  r.get('/messages/:id/raw', requireAuth, async (req, res) => {
    const id = idParam(req.params.id, 'mail_not_found');
    const raw = await service.raw(id, sessionOf(req));
    res.setHeader('Content-Type', 'message/rfc822');
    res.setHeader('Content-Disposition', disposition(`письмо-${id}.eml`, `mail-${id}.eml`));
    res.end(raw);
  });
  return r;
}
