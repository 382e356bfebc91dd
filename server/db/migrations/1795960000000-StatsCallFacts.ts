import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily call facts for the statistics (server/stats/call-facts.ts), per day and per half hour: a year's dashboard reads a few
 * thousand summary rows instead of every call. A day is summarised once it is over by an hour; any
 * later change to one of its calls (or to the entries and extensions the facts depend on) leaves a
 * mark in stats_dirty, and the day is read from the calls themselves until it is summarised again.
 */
export class StatsCallFacts1795960000000 implements MigrationInterface {
  name = 'StatsCallFacts1795960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stats_days" ("day" date PRIMARY KEY, "built_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE "stats_dirty" ("id" bigserial PRIMARY KEY, "at" timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX "stats_dirty_at_idx" ON "stats_dirty" ("at")`);
    await q.query(`CREATE TABLE "stats_call_days" (
      "day" date NOT NULL, "user_id" integer NOT NULL, "line_id" integer NOT NULL,
      "subsystem" varchar(16) NOT NULL, "type" varchar(16) NOT NULL,
      "offered" integer NOT NULL, "offered_in_hours" integer NOT NULL, "answered" integer NOT NULL,
      "answered_in_hours" integer NOT NULL, "answered_in_sl" integer NOT NULL, "missed" integer NOT NULL,
      "abandoned" integer NOT NULL, "short_abandoned" integer NOT NULL, "after_hours" integer NOT NULL,
      "wait_answered_sum" bigint NOT NULL, "wait_answered_n" integer NOT NULL, "max_wait" integer,
      "talk_sum" bigint NOT NULL, "talk_n" integer NOT NULL, "aht_sum" double precision NOT NULL,
      "aht_n" integer NOT NULL, "own_answered" integer NOT NULL, "own_talk" double precision NOT NULL)`);
    await q.query(`CREATE INDEX "stats_call_days_day_idx" ON "stats_call_days" ("day")`);
    // The heatmap's half hours, kept apart: a day has many more of them than of the rows above.
    await q.query(`CREATE TABLE "stats_call_slots" (
      "day" date NOT NULL, "half_hour" smallint NOT NULL, "user_id" integer NOT NULL, "line_id" integer NOT NULL,
      "subsystem" varchar(16) NOT NULL, "type" varchar(16) NOT NULL,
      "offered" integer NOT NULL, "answered" integer NOT NULL)`);
    await q.query(`CREATE INDEX "stats_call_slots_day_idx" ON "stats_call_slots" ("day")`);

    // A change to a call more than an hour old marks its start (the day it belongs to). Younger calls
    // belong to days not summarised yet: the hot path of the live loop writes no mark.
    await q.query(`CREATE FUNCTION stats_mark_call() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.started_at < now() - interval '1 hour' THEN
          INSERT INTO stats_dirty (at) VALUES (OLD.started_at);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.started_at < now() - interval '1 hour'
           AND (TG_OP = 'INSERT' OR NEW.started_at IS DISTINCT FROM OLD.started_at) THEN
          INSERT INTO stats_dirty (at) VALUES (NEW.started_at);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "calls_stats_mark" AFTER INSERT OR UPDATE OR DELETE ON "calls" FOR EACH ROW
      EXECUTE FUNCTION stats_mark_call()`);
    // The facts of a call follow its entry's subsystem and type, and its handle time the registration.
    await q.query(`CREATE FUNCTION stats_mark_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_dirty (at)
          SELECT c.started_at FROM calls c
           WHERE (c.entry_id = NEW.id OR c.id = NEW.origin_call_id) AND c.started_at < now() - interval '1 hour';
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "entries_stats_mark" AFTER UPDATE ON "entries" FOR EACH ROW
      WHEN (OLD.subsystem IS DISTINCT FROM NEW.subsystem OR OLD.type IS DISTINCT FROM NEW.type
         OR OLD.status IS DISTINCT FROM NEW.status OR OLD.registered_at IS DISTINCT FROM NEW.registered_at
         OR OLD.origin_call_id IS DISTINCT FROM NEW.origin_call_id)
      EXECUTE FUNCTION stats_mark_entry()`);
    await q.query(`CREATE TRIGGER "entries_stats_mark_insert" AFTER INSERT ON "entries" FOR EACH ROW
      WHEN (NEW.origin_call_id IS NOT NULL) EXECUTE FUNCTION stats_mark_entry()`);
    // Who talked comes from the extensions as they are now; a truncated table leaves nothing behind.
    await q.query(`CREATE FUNCTION stats_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM stats_days;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "user_extensions_stats_forget" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
      ON "user_extensions" FOR EACH STATEMENT EXECUTE FUNCTION stats_forget_all()`);
    await q.query(`CREATE TRIGGER "calls_stats_forget" AFTER TRUNCATE ON "calls"
      FOR EACH STATEMENT EXECUTE FUNCTION stats_forget_all()`);
    await q.query(`CREATE TRIGGER "entries_stats_forget" AFTER TRUNCATE ON "entries"
      FOR EACH STATEMENT EXECUTE FUNCTION stats_forget_all()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "entries_stats_forget" ON "entries"`);
    await q.query(`DROP TRIGGER "calls_stats_forget" ON "calls"`);
    await q.query(`DROP TRIGGER "user_extensions_stats_forget" ON "user_extensions"`);
    await q.query(`DROP FUNCTION stats_forget_all()`);
    await q.query(`DROP TRIGGER "entries_stats_mark_insert" ON "entries"`);
    await q.query(`DROP TRIGGER "entries_stats_mark" ON "entries"`);
    await q.query(`DROP FUNCTION stats_mark_entry()`);
    await q.query(`DROP TRIGGER "calls_stats_mark" ON "calls"`);
    await q.query(`DROP FUNCTION stats_mark_call()`);
    await q.query(`DROP TABLE "stats_call_slots"`);
    await q.query(`DROP TABLE "stats_call_days"`);
    await q.query(`DROP TABLE "stats_dirty"`);
    await q.query(`DROP TABLE "stats_days"`);
  }
}
