import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailChannel1795963608461 implements MigrationInterface {
  name = 'MailChannel1795963608461';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "mail_messages" ("id" SERIAL NOT NULL, "mailbox" character varying(200) NOT NULL, "uid_validity" bigint, "uid" bigint, "message_id" character varying(998), "from_address" character varying(254) NOT NULL DEFAULT '', "from_name" text NOT NULL DEFAULT '', "subject" text NOT NULL DEFAULT '', "text" text NOT NULL DEFAULT '', "in_reply_to" character varying(998), "references" text array NOT NULL DEFAULT '{}', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "raw" bytea NOT NULL, "disposition" character varying(12) NOT NULL, "reason" text, "entry_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_11a47e63a64f1137a84de65a824" UNIQUE ("message_id"), CONSTRAINT "mail_messages_uid_uq" UNIQUE ("mailbox", "uid_validity", "uid"), CONSTRAINT "mail_messages_disposition_check" CHECK ("disposition" IN ('entry','reply','ignored','held')), CONSTRAINT "PK_1bd6e76ef3b3d4aff7d0510a509" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "mail_messages_entry_idx" ON "mail_messages"  ("entry_id") `);
    await q.query(`CREATE INDEX "mail_messages_sender_idx" ON "mail_messages"  ("from_address", "created_at") `);
    await q.query(
      `CREATE TABLE "mail_attachments" ("id" SERIAL NOT NULL, "mail_id" integer NOT NULL, "filename" text NOT NULL, "content_type" character varying(200) NOT NULL, "size" integer NOT NULL, "content" bytea NOT NULL, CONSTRAINT "PK_1b6ac15a94bd06175b552b539e4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "mail_attachments_mail_idx" ON "mail_attachments"  ("mail_id") `);
    await q.query(
      `CREATE TABLE "mail_cursors" ("mailbox" character varying(400) NOT NULL, "uid_validity" bigint NOT NULL, "last_uid" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2326f5059f612b93c047ee0dcfd" PRIMARY KEY ("mailbox"))`,
    );
    await q.query(
      `CREATE TABLE "mail_outbox" ("id" SERIAL NOT NULL, "entry_id" integer NOT NULL, "to_address" character varying(254) NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "message_id" character varying(998) NOT NULL, "in_reply_to" character varying(998), "references" text array NOT NULL DEFAULT '{}', "status" character varying(8) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "created_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_3c364b2c15ecfabf0b12e8b18a2" UNIQUE ("message_id"), CONSTRAINT "mail_outbox_status_check" CHECK ("status" IN ('queued','sent','failed')), CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox"  ("next_attempt_at") WHERE "status" = 'queued'`);
    await q.query(`CREATE INDEX "mail_outbox_entry_idx" ON "mail_outbox"  ("entry_id") `);
    await q.query(
      `ALTER TABLE "mail_messages" ADD CONSTRAINT "FK_e94298edff70d695030fe039ae0" FOREIGN KEY ("entry_id") REFERENCES "entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "mail_attachments" ADD CONSTRAINT "FK_d57942d4e35f326c3fe3b26bb54" FOREIGN KEY ("mail_id") REFERENCES "mail_messages"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "FK_3e3aa16c28da57731ef5c8ea1a1" FOREIGN KEY ("entry_id") REFERENCES "entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "FK_faeefae1ff7b208d42a1d1f4b87" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "FK_faeefae1ff7b208d42a1d1f4b87"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "FK_3e3aa16c28da57731ef5c8ea1a1"`);
    await q.query(`ALTER TABLE "mail_attachments" DROP CONSTRAINT "FK_d57942d4e35f326c3fe3b26bb54"`);
    await q.query(`ALTER TABLE "mail_messages" DROP CONSTRAINT "FK_e94298edff70d695030fe039ae0"`);
    await q.query(`DROP INDEX "public"."mail_outbox_entry_idx"`);
    await q.query(`DROP INDEX "public"."mail_outbox_due_idx"`);
    await q.query(`DROP TABLE "mail_outbox"`);
    await q.query(`DROP TABLE "mail_cursors"`);
    await q.query(`DROP INDEX "public"."mail_attachments_mail_idx"`);
    await q.query(`DROP TABLE "mail_attachments"`);
    await q.query(`DROP INDEX "public"."mail_messages_sender_idx"`);
    await q.query(`DROP INDEX "public"."mail_messages_entry_idx"`);
    await q.query(`DROP TABLE "mail_messages"`);
  }
}
