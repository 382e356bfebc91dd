// Organisations and their phones in the database.
import type { DataSource, EntityManager } from 'typeorm';
import type { OrganizationDto } from '../../shared/api';
import type { Subsystem } from '../../shared/domain';
import { formatPhone } from '../../shared/phone';
import { OrganizationEntity, type OrganizationRow } from './organization.entity';

export interface OrganizationData {
  fullName: string;
  shortName: string;
  municipality: string;
  kind: string;
  defaultSubsystem: Subsystem | null;
  emails: string[];
  active: boolean;
}

export class OrganizationsRepository {
  constructor(private readonly ds: DataSource) {}

  private m(em?: EntityManager) {
    return em ?? this.ds.manager;
  }

  async list(
    q: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ items: OrganizationDto[]; total: number }> {
    const qb = this.ds.getRepository(OrganizationEntity).createQueryBuilder('o');
    if (q) {
      const digits = q.replace(/\D/g, '');
      qb.where('(o.full_name ILIKE :q OR o.short_name ILIKE :q OR o.municipality ILIKE :q)', {
        q: `%${q.replace(/[%_\\]/g, '\\$&')}%`,
      });
      if (digits.length >= 4) {
        qb.orWhere('o.id IN (SELECT organization_id FROM organization_phones WHERE phone LIKE :d)', {
          d: `%${digits}%`,
        });
      }
    }
    qb.orderBy('o.full_name', 'ASC').skip(offset).take(limit);
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.present(rows), total };
  }

  async get(id: number, em?: EntityManager): Promise<OrganizationDto | null> {
    const row = await this.m(em).getRepository(OrganizationEntity).findOneBy({ id });
    return row ? (await this.present([row], em))[0]! : null;
  }

  async insert(em: EntityManager, data: OrganizationData): Promise<number> {
    const repo = em.getRepository(OrganizationEntity);
    return (await repo.save(repo.create(data))).id;
  }

  async update(em: EntityManager, id: number, data: Partial<OrganizationData>): Promise<void> {
    await em.getRepository(OrganizationEntity).update({ id }, { ...data, updatedAt: new Date() });
  }

  /** Adds phones (already normalised); a phone the organisation has is kept once. */
  async addPhones(em: EntityManager, rows: { organizationId: number; phone: string; raw: string }[]): Promise<void> {
    if (!rows.length) return;
    await em.query(
      `INSERT INTO organization_phones (organization_id, phone, raw)
       SELECT * FROM json_to_recordset($1::json) AS r(organization_id int, phone text, raw text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows.map((r) => ({ organization_id: r.organizationId, phone: r.phone, raw: r.raw })))],
    );
  }

  async setPhones(em: EntityManager, id: number, rows: { phone: string; raw: string }[]): Promise<void> {
    await em.query(`DELETE FROM organization_phones WHERE organization_id = $1`, [id]);
    await this.addPhones(
      em,
      rows.map((r) => ({ ...r, organizationId: id })),
    );
  }

  /** Existing organisations by lower-cased full name (for imports). */
  async idsByName(em: EntityManager): Promise<Map<string, number>> {
    const rows: { id: number; full_name: string }[] = await em.query(`SELECT id, full_name FROM organizations`);
    return new Map(rows.map((r) => [r.full_name.trim().toLowerCase(), r.id]));
  }

  /** Inserts many organisations at once; ids by lower-cased full name. */
  async insertMany(em: EntityManager, rows: OrganizationData[]): Promise<Map<string, number>> {
    if (!rows.length) return new Map();
    const res: { id: number; full_name: string }[] = await em.query(
      `INSERT INTO organizations (full_name, short_name, municipality, kind, default_subsystem, emails, active)
       SELECT full_name, short_name, municipality, kind, default_subsystem, emails, active
         FROM json_to_recordset($1::json) AS r(full_name text, short_name text, municipality text,
              kind text, default_subsystem text, emails text[], active boolean)
       RETURNING id, full_name`,
      [
        JSON.stringify(
          rows.map((r) => ({
            full_name: r.fullName,
            short_name: r.shortName,
            municipality: r.municipality,
            kind: r.kind,
            default_subsystem: r.defaultSubsystem,
            emails: r.emails,
            active: r.active,
          })),
        ),
      ],
    );
    return new Map(res.map((r) => [r.full_name.trim().toLowerCase(), r.id]));
  }

  private async present(rows: OrganizationRow[], em?: EntityManager): Promise<OrganizationDto[]> {
    const ids = rows.map((r) => r.id);
    const phones: { organization_id: number; phone: string }[] = ids.length
      ? await this.m(em).query(
          `SELECT organization_id, phone FROM organization_phones WHERE organization_id = ANY($1::int[]) ORDER BY phone`,
          [ids],
        )
      : [];
    return rows.map((r) => ({
      id: r.id,
      fullName: r.fullName,
      shortName: r.shortName,
      municipality: r.municipality,
      kind: r.kind,
      defaultSubsystem: r.defaultSubsystem,
      phones: phones.filter((p) => p.organization_id === r.id).map((p) => formatPhone(p.phone)),
      emails: r.emails,
      active: r.active,
    }));
  }
}
