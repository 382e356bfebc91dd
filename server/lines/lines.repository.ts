// Support lines; cached briefly, they change rarely (admin edits).
import type { DataSource } from 'typeorm';
import type { LineDto } from '../../shared/api';
import { LineEntity, type LineRow } from './line.entity';

const TTL_MS = 30_000;

export class LinesRepository {
  private cache: { at: number; rows: LineRow[] } | null = null;

  constructor(private readonly ds: DataSource) {}

  async all(): Promise<LineRow[]> {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache.rows;
    const rows = await this.ds.getRepository(LineEntity).find({ order: { id: 'ASC' } });
    this.cache = { at: Date.now(), rows };
    return rows;
  }

  async active(): Promise<LineRow[]> {
    return (await this.all()).filter((l) => l.active);
  }

  async byCode(code: string | null): Promise<LineRow | null> {
    if (!code) return null;
    return (await this.all()).find((l) => l.code === code) ?? null;
  }

  async byId(id: number | null): Promise<LineRow | null> {
    if (id === null) return null;
    return (await this.all()).find((l) => l.id === id) ?? null;
  }

  invalidate(): void {
    this.cache = null;
  }
}

export function presentLine(l: LineRow | null): LineDto | null {
  return l && { id: l.id, code: l.code, name: l.name, did: l.did, displayNumber: l.displayNumber };
}
