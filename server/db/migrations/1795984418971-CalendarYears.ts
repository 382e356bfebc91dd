import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A year's production calendar uploaded by the admin (XML/XLSX/CSV), in place of the built-in data. */
export class CalendarYears1795984418971 implements MigrationInterface {
  name = 'CalendarYears1795984418971';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "calendar_years" ("year" integer NOT NULL, "data" jsonb NOT NULL, "format" character varying(8) NOT NULL, "file_sha256" character varying(64) NOT NULL, "imported_by_id" integer, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1fed249d26e56ff06bb6dffd8d6" PRIMARY KEY ("year"))`,
    );
    await q.query(
      `ALTER TABLE "calendar_years" ADD CONSTRAINT "FK_41f4e00bd1b1442f8e7fe0af5c8" FOREIGN KEY ("imported_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "calendar_years" DROP CONSTRAINT "FK_41f4e00bd1b1442f8e7fe0af5c8"`);
    await q.query(`DROP TABLE "calendar_years"`);
  }
}
