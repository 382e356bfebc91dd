import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The two support lines of the reglament (1.3), and the table the Socket.IO PostgreSQL adapter needs. */
export class SeedLines1795890505259 implements MigrationInterface {
  name = 'SeedLines1795890505259';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO "lines" ("code", "name", "did", "display_number") VALUES
        ('390679', 'Линия 1', '3452390679', '8 (3452) 390-679'),
        ('399069', 'Линия 2', '3452399069', '8 (3452) 399-069')
       ON CONFLICT DO NOTHING`,
    );
    // Not an entity: the adapter keeps payloads too big for NOTIFY here.
    await q.query(
      `CREATE TABLE IF NOT EXISTS "socket_io_attachments" ("id" bigserial UNIQUE, "created_at" timestamptz DEFAULT NOW(), "payload" bytea)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "socket_io_attachments"`);
    await q.query(`DELETE FROM "lines" WHERE "code" IN ('390679', '399069')`);
  }
}
