// GET /api/health: database, PBX and mailbox link state, without login (for load balancers and operators).
import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { HealthDto, PbxStatusDto } from '../../shared/api';
import type { MailLinkState } from '../../shared/domain';

export function healthRoutes(ds: DataSource, pbx: () => PbxStatusDto, mail: () => MailLinkState): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    const db = await Promise.race([
      ds.query('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      ),
      new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), 2000).unref()),
    ]);
    const status = pbx();
    const body: HealthDto = { db, pbx: status.state, demo: status.demo, mail: mail() };
    res.status(db === 'up' ? 200 : 503).json(body);
  });
  return r;
}
