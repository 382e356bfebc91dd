import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795890505258 implements MigrationInterface {
  name = 'Initial1795890505258';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "users" ("id" SERIAL NOT NULL, "login" character varying(64) NOT NULL, "password_hash" text NOT NULL, "full_name" text NOT NULL, "role" character varying(16) NOT NULL, "subsystems" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_2d443082eccd5198f95f2a36e2c" UNIQUE ("login"), CONSTRAINT "users_role_check" CHECK ("role" IN ('specialist','head','admin')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "user_extensions" ("extension" character varying(16) NOT NULL, "user_id" integer NOT NULL, CONSTRAINT "PK_843e888b50ad103d7c5da052044" PRIMARY KEY ("extension"))`,
    );
    await q.query(`CREATE INDEX "user_extensions_user_idx" ON "user_extensions"  ("user_id") `);
    await q.query(
      `CREATE TABLE "sessions" ("id" character varying(64) NOT NULL, "user_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ip" character varying(64), "user_agent" text, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "sessions_user_idx" ON "sessions"  ("user_id") `);
    await q.query(
      `CREATE TABLE "login_attempts" ("key" character varying(200) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "first_failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f90e70c50d5744e4d9f41dd397c" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `CREATE TABLE "lines" ("id" SERIAL NOT NULL, "code" character varying(16) NOT NULL, "name" text NOT NULL, "did" character varying(16) NOT NULL, "display_number" character varying(32) NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b6b57955b2cb470f7ac39b390ca" UNIQUE ("code"), CONSTRAINT "UQ_8c06d77ffcde97fc283fa3664a9" UNIQUE ("did"), CONSTRAINT "PK_155ad34738bc0e1aab0ca198dea" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "organizations" ("id" SERIAL NOT NULL, "full_name" text NOT NULL, "short_name" text NOT NULL DEFAULT '', "municipality" text NOT NULL DEFAULT '', "kind" character varying(32) NOT NULL DEFAULT '', "default_subsystem" character varying(16), "emails" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "organization_phones" ("organization_id" integer NOT NULL, "phone" character varying(32) NOT NULL, "raw" character varying(64) NOT NULL DEFAULT '', CONSTRAINT "PK_292acb60ae0887d87ad3b15203c" PRIMARY KEY ("organization_id", "phone"))`,
    );
    await q.query(`CREATE INDEX "organization_phones_phone_idx" ON "organization_phones"  ("phone") `);
    await q.query(
      `CREATE TABLE "calls" ("id" SERIAL NOT NULL, "linkedid" character varying(96) NOT NULL, "pbx_id" character varying(128) NOT NULL DEFAULT 'default', "direction" character varying(8) NOT NULL, "line_id" integer, "caller_number" character varying(64), "caller_number_norm" character varying(32), "state" character varying(8) NOT NULL, "outcome" character varying(12), "after_hours" boolean NOT NULL DEFAULT false, "queue" character varying(64), "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "answered_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "wait_seconds" integer, "talk_seconds" integer, "total_seconds" integer, "hangup_cause" integer, "extension" character varying(16), "user_id" integer, "entry_id" integer, "callback_of_id" integer, "callback_owner_id" integer, "handled_at" TIMESTAMP WITH TIME ZONE, "handled_by_id" integer, "legs" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_40b4f8c17b6807aab740e860608" UNIQUE ("linkedid"), CONSTRAINT "calls_direction_check" CHECK ("direction" IN ('inbound','outbound')), CONSTRAINT "calls_state_check" CHECK ("state" IN ('ringing','answered','ended')), CONSTRAINT "PK_d9171d91f8dd1a649659f1b6a20" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "calls_started_idx" ON "calls"  ("started_at") `);
    await q.query(`CREATE INDEX "calls_caller_idx" ON "calls"  ("caller_number_norm", "started_at") `);
    await q.query(`CREATE INDEX "calls_entry_idx" ON "calls"  ("entry_id") `);
    await q.query(`CREATE INDEX "calls_user_idx" ON "calls"  ("user_id", "started_at") `);
    await q.query(`CREATE INDEX "calls_open_idx" ON "calls"  ("pbx_id", "state") `);
    await q.query(
      `CREATE TABLE "entries" ("id" SERIAL NOT NULL, "reg_number" character varying(16), "reg_year" integer, "reg_seq" integer, "registered_at" TIMESTAMP WITH TIME ZONE, "type" character varying(16), "subsystem" character varying(16), "description" text NOT NULL DEFAULT '', "organization_name" text NOT NULL DEFAULT '', "organization_id" integer, "person_name" text NOT NULL DEFAULT '', "additional_info" text NOT NULL DEFAULT '', "status" character varying(24) NOT NULL, "resolution" text NOT NULL DEFAULT '', "resolved_at" TIMESTAMP WITH TIME ZONE, "note" text NOT NULL DEFAULT '', "channel" character varying(8) NOT NULL, "line_id" integer, "caller_number" character varying(64), "caller_number_norm" character varying(32), "sender_email" character varying(254), "owner_id" integer, "created_by_id" integer, "approval" character varying(12), "approval_by_id" integer, "approval_at" TIMESTAMP WITH TIME ZONE, "approval_ref" text, "not_request_reason" text, "origin_call_id" integer, "feedback_since" TIMESTAMP WITH TIME ZONE, "paused_seconds" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "UQ_f18fca40481748a02504c5f0430" UNIQUE ("reg_number"), CONSTRAINT "UQ_8632b045830309e2b0be8ab6433" UNIQUE ("origin_call_id"), CONSTRAINT "entries_reg_year_seq_uq" UNIQUE ("reg_year", "reg_seq"), CONSTRAINT "entries_status_check" CHECK ("status" IN ('draft','in_progress','awaiting_feedback','passed_to_developer','resolved','closed','not_request')), CONSTRAINT "entries_type_check" CHECK ("type" IS NULL OR "type" IN ('support','bug','improvement')), CONSTRAINT "entries_channel_check" CHECK ("channel" IN ('phone','email','manual')), CONSTRAINT "entries_approval_check" CHECK ("approval" IS NULL OR "approval" IN ('pending','approved','rejected')), CONSTRAINT "PK_23d4e7e9b58d9939f113832915b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "entries_registered_idx" ON "entries"  ("registered_at") `);
    await q.query(`CREATE INDEX "entries_owner_idx" ON "entries"  ("owner_id", "registered_at") `);
    await q.query(`CREATE INDEX "entries_status_idx" ON "entries"  ("status", "registered_at") `);
    await q.query(`CREATE INDEX "entries_caller_idx" ON "entries"  ("caller_number_norm", "created_at") `);
    await q.query(
      `CREATE TABLE "entry_history" ("id" SERIAL NOT NULL, "entry_id" integer NOT NULL, "user_id" integer, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "action" character varying(32) NOT NULL, "changes" jsonb NOT NULL DEFAULT '[]', "comment" text, CONSTRAINT "PK_596d4b5fda3276faf4c961edeba" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "entry_history_entry_idx" ON "entry_history"  ("entry_id", "at") `);
    await q.query(
      `CREATE TABLE "reg_counters" ("year" integer NOT NULL, "last_seq" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_c890f2a51308e8e2e5921eed737" PRIMARY KEY ("year"))`,
    );
    await q.query(
      `CREATE TABLE "calendar_overrides" ("day" date NOT NULL, "kind" character varying(16) NOT NULL, "start_time" character varying(5), "end_time" character varying(5), "title" text NOT NULL DEFAULT '', "updated_by_id" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "calendar_overrides_kind_check" CHECK ("kind" IN ('day_off','working','short')), CONSTRAINT "PK_7071c709cba97771f3b74bc6ed1" PRIMARY KEY ("day"))`,
    );
    await q.query(
      `CREATE TABLE "report_handovers" ("id" SERIAL NOT NULL, "specialist_id" integer NOT NULL, "month" character varying(7) NOT NULL, "printed_at" TIMESTAMP WITH TIME ZONE, "printed_by_id" integer, "received_at" TIMESTAMP WITH TIME ZONE, "received_by_id" integer, CONSTRAINT "report_handovers_specialist_month_uq" UNIQUE ("specialist_id", "month"), CONSTRAINT "PK_680f891ba303119b5093cbb4c2b" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "settings" ("key" character varying(64) NOT NULL, "value" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c8639b7626fa94ba8265628f214" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `CREATE TABLE "pbx_state" ("pbx_id" character varying(128) NOT NULL, "state" character varying(16) NOT NULL, "since" TIMESTAMP WITH TIME ZONE NOT NULL, "detail" text NOT NULL DEFAULT '', "instance_id" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9e97924283c122ee22f3788517d" PRIMARY KEY ("pbx_id"))`,
    );
    await q.query(
      `ALTER TABLE "user_extensions" ADD CONSTRAINT "FK_b9c27af1d3fa359b684580b8524" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "organization_phones" ADD CONSTRAINT "FK_7335e997d4275ce355b94df85e0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calls" ADD CONSTRAINT "FK_bc76f2ac2dedbc2ac36f7fafa26" FOREIGN KEY ("line_id") REFERENCES "lines"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calls" ADD CONSTRAINT "FK_89355642b825e0d40dd39184b09" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calls" ADD CONSTRAINT "FK_5aa34d66090302d9cac4e4c26f2" FOREIGN KEY ("callback_owner_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calls" ADD CONSTRAINT "FK_e7d0a793d5ea5f7acd49b614889" FOREIGN KEY ("handled_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calls" ADD CONSTRAINT "FK_dec9c786c079f2bf4e17b91b30f" FOREIGN KEY ("entry_id") REFERENCES "entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calls" ADD CONSTRAINT "FK_0e136cf9c692ab246ec28e9d86b" FOREIGN KEY ("callback_of_id") REFERENCES "calls"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entries" ADD CONSTRAINT "FK_828014a96481ebcaca82d4db146" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entries" ADD CONSTRAINT "FK_fd3ab94579213c0153837bdcd6a" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entries" ADD CONSTRAINT "FK_28ce935fa7fe0d5f176215ea272" FOREIGN KEY ("approval_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entries" ADD CONSTRAINT "FK_3e93d93f0468d64055bfddd0b23" FOREIGN KEY ("line_id") REFERENCES "lines"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entries" ADD CONSTRAINT "FK_ecb23ed948ee11553ca066c36af" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entries" ADD CONSTRAINT "FK_8632b045830309e2b0be8ab6433" FOREIGN KEY ("origin_call_id") REFERENCES "calls"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entry_history" ADD CONSTRAINT "FK_760f59ab115fb4b362102e8c865" FOREIGN KEY ("entry_id") REFERENCES "entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "entry_history" ADD CONSTRAINT "FK_7a07da8722afca6e126551260c8" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calendar_overrides" ADD CONSTRAINT "FK_4ba7f5b930ad8576bcb08ea6101" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "report_handovers" ADD CONSTRAINT "FK_bda35ea629513c9721889ab7766" FOREIGN KEY ("specialist_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "report_handovers" ADD CONSTRAINT "FK_5e9967aaa86a1aac7dfd5c4ccf5" FOREIGN KEY ("printed_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "report_handovers" ADD CONSTRAINT "FK_c041a5f480eceb6be343a1cca76" FOREIGN KEY ("received_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "report_handovers" DROP CONSTRAINT "FK_c041a5f480eceb6be343a1cca76"`);
    await q.query(`ALTER TABLE "report_handovers" DROP CONSTRAINT "FK_5e9967aaa86a1aac7dfd5c4ccf5"`);
    await q.query(`ALTER TABLE "report_handovers" DROP CONSTRAINT "FK_bda35ea629513c9721889ab7766"`);
    await q.query(`ALTER TABLE "calendar_overrides" DROP CONSTRAINT "FK_4ba7f5b930ad8576bcb08ea6101"`);
    await q.query(`ALTER TABLE "entry_history" DROP CONSTRAINT "FK_7a07da8722afca6e126551260c8"`);
    await q.query(`ALTER TABLE "entry_history" DROP CONSTRAINT "FK_760f59ab115fb4b362102e8c865"`);
    await q.query(`ALTER TABLE "entries" DROP CONSTRAINT "FK_8632b045830309e2b0be8ab6433"`);
    await q.query(`ALTER TABLE "entries" DROP CONSTRAINT "FK_ecb23ed948ee11553ca066c36af"`);
    await q.query(`ALTER TABLE "entries" DROP CONSTRAINT "FK_3e93d93f0468d64055bfddd0b23"`);
    await q.query(`ALTER TABLE "entries" DROP CONSTRAINT "FK_28ce935fa7fe0d5f176215ea272"`);
    await q.query(`ALTER TABLE "entries" DROP CONSTRAINT "FK_fd3ab94579213c0153837bdcd6a"`);
    await q.query(`ALTER TABLE "entries" DROP CONSTRAINT "FK_828014a96481ebcaca82d4db146"`);
    await q.query(`ALTER TABLE "calls" DROP CONSTRAINT "FK_0e136cf9c692ab246ec28e9d86b"`);
    await q.query(`ALTER TABLE "calls" DROP CONSTRAINT "FK_dec9c786c079f2bf4e17b91b30f"`);
    await q.query(`ALTER TABLE "calls" DROP CONSTRAINT "FK_e7d0a793d5ea5f7acd49b614889"`);
    await q.query(`ALTER TABLE "calls" DROP CONSTRAINT "FK_5aa34d66090302d9cac4e4c26f2"`);
    await q.query(`ALTER TABLE "calls" DROP CONSTRAINT "FK_89355642b825e0d40dd39184b09"`);
    await q.query(`ALTER TABLE "calls" DROP CONSTRAINT "FK_bc76f2ac2dedbc2ac36f7fafa26"`);
    await q.query(`ALTER TABLE "organization_phones" DROP CONSTRAINT "FK_7335e997d4275ce355b94df85e0"`);
    await q.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await q.query(`ALTER TABLE "user_extensions" DROP CONSTRAINT "FK_b9c27af1d3fa359b684580b8524"`);
    await q.query(`DROP TABLE "pbx_state"`);
    await q.query(`DROP TABLE "settings"`);
    await q.query(`DROP TABLE "report_handovers"`);
    await q.query(`DROP TABLE "calendar_overrides"`);
    await q.query(`DROP TABLE "reg_counters"`);
    await q.query(`DROP INDEX "public"."entry_history_entry_idx"`);
    await q.query(`DROP TABLE "entry_history"`);
    await q.query(`DROP INDEX "public"."entries_caller_idx"`);
    await q.query(`DROP INDEX "public"."entries_status_idx"`);
    await q.query(`DROP INDEX "public"."entries_owner_idx"`);
    await q.query(`DROP INDEX "public"."entries_registered_idx"`);
    await q.query(`DROP TABLE "entries"`);
    await q.query(`DROP INDEX "public"."calls_open_idx"`);
    await q.query(`DROP INDEX "public"."calls_user_idx"`);
    await q.query(`DROP INDEX "public"."calls_entry_idx"`);
    await q.query(`DROP INDEX "public"."calls_caller_idx"`);
    await q.query(`DROP INDEX "public"."calls_started_idx"`);
    await q.query(`DROP TABLE "calls"`);
    await q.query(`DROP INDEX "public"."organization_phones_phone_idx"`);
    await q.query(`DROP TABLE "organization_phones"`);
    await q.query(`DROP TABLE "organizations"`);
    await q.query(`DROP TABLE "lines"`);
    await q.query(`DROP TABLE "login_attempts"`);
    await q.query(`DROP INDEX "public"."sessions_user_idx"`);
    await q.query(`DROP TABLE "sessions"`);
    await q.query(`DROP INDEX "public"."user_extensions_user_idx"`);
    await q.query(`DROP TABLE "user_extensions"`);
    await q.query(`DROP TABLE "users"`);
  }
}
