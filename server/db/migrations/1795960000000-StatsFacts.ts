import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily facts for the statistics (server/stats/facts.ts): calls per day and per half hour, entries
 * per registration day, resolutions per resolution day. A year's dashboard reads summary rows instead
 * of every call and entry. A day is summarised once it is over by an hour; any later change to one of
 * its calls or entries (or to what they depend on: an attached call, extensions)
 * leaves a mark in stats_dirty, and the day is read from the calls and entries until summarised again.
 */
export class StatsFacts1795960000000 implements MigrationInterface {
  name = 'StatsFacts1795960000000';

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
    // The rows of every line, subsystem and type together (line 0): the page without filters.
    await q.query(`CREATE INDEX "stats_call_slots_all_idx" ON "stats_call_slots" ("day") WHERE "line_id" = 0`);

    await q.query(`CREATE TABLE "stats_entry_days" (
      "day" date NOT NULL, "line_id" integer NOT NULL, "owner_id" integer NOT NULL,
      "subsystem" varchar(16) NOT NULL, "type" varchar(16) NOT NULL,
      "registered" integer NOT NULL, "in_progress" integer NOT NULL, "awaiting_feedback" integer NOT NULL,
      "passed_to_developer" integer NOT NULL, "resolved" integer NOT NULL, "closed" integer NOT NULL,
      "phone" integer NOT NULL, "email" integer NOT NULL, "manual" integer NOT NULL,
      "calls" integer NOT NULL, "with_calls" integer NOT NULL)`);
    await q.query(`CREATE INDEX "stats_entry_days_day_idx" ON "stats_entry_days" ("day")`);
    // The rows of every owner together (owner -1), and of every line, subsystem and type per owner (line -1).
    await q.query(`CREATE INDEX "stats_entry_days_all_idx" ON "stats_entry_days" ("day") WHERE "owner_id" = -1`);
    await q.query(`CREATE INDEX "stats_entry_days_owner_idx" ON "stats_entry_days" ("day") WHERE "line_id" = -1`);
    await q.query(`CREATE TABLE "stats_entry_resolutions" (
      "day" date NOT NULL, "line_id" integer NOT NULL, "owner_id" integer NOT NULL,
      "subsystem" varchar(16) NOT NULL, "type" varchar(16) NOT NULL,
      "working_seconds" integer NOT NULL, "first_contact" boolean NOT NULL, "n" integer NOT NULL)`);
    await q.query(`CREATE INDEX "stats_entry_resolutions_day_idx" ON "stats_entry_resolutions" ("day")`);
    await q.query(
      `CREATE INDEX "stats_entry_resolutions_all_idx" ON "stats_entry_resolutions" ("day") WHERE "owner_id" = -1`,
    );
    await q.query(
      `CREATE INDEX "stats_entry_resolutions_owner_idx" ON "stats_entry_resolutions" ("owner_id", "day")
        WHERE "line_id" = -1 AND "owner_id" >= 0`,
    );

    // Marks the timestamps given, those more than an hour old (the days that may be summarised).
    await q.query(`CREATE FUNCTION stats_mark(VARIADIC ats timestamptz[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO stats_dirty (at) SELECT DISTINCT a FROM unnest(ats) a WHERE a < now() - interval '1 hour'
    $$`);
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
    await q.query(`CREATE FUNCTION stats_mark_entry() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND (OLD.registered_at < now() - interval '1 hour'
                                  OR OLD.resolved_at < now() - interval '1 hour') THEN
          PERFORM stats_mark(OLD.registered_at, OLD.resolved_at);
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN NULL;
        END IF;
        IF NEW.registered_at < now() - interval '1 hour' OR NEW.resolved_at < now() - interval '1 hour' THEN
          PERFORM stats_mark(NEW.registered_at, NEW.resolved_at);
        END IF;
        -- Its calls' facts (subsystem, type, handle time); a new entry has no calls yet but its origin.
        IF TG_OP = 'INSERT' THEN
          INSERT INTO stats_dirty (at)
            SELECT c.started_at FROM calls c
             WHERE c.id = NEW.origin_call_id AND c.started_at < now() - interval '1 hour';
        ELSE
          INSERT INTO stats_dirty (at)
            SELECT c.started_at FROM calls c
             WHERE (c.id = NEW.origin_call_id OR c.entry_id = NEW.id) AND c.started_at < now() - interval '1 hour';
        END IF;
        RETURN NULL;
      END $$`);
    // A change to a call more than an hour old marks its start (the day it belongs to). Younger calls
    // belong to days not summarised yet: the hot path of the live loop does not even run the function.
    // (A call attached to an older entry marks the entry through its history row, below.)
    const old = (row: string) => `${row}.started_at < now() - interval '1 hour'`;
    await q.query(`CREATE TRIGGER "calls_stats_mark" AFTER INSERT ON "calls" FOR EACH ROW
      WHEN (${old('NEW')}) EXECUTE FUNCTION stats_mark_call()`);
    await q.query(`CREATE TRIGGER "calls_stats_mark_update" AFTER UPDATE ON "calls" FOR EACH ROW
      WHEN (${old('OLD')} OR ${old('NEW')}) EXECUTE FUNCTION stats_mark_call()`);
    await q.query(`CREATE TRIGGER "calls_stats_mark_delete" AFTER DELETE ON "calls" FOR EACH ROW
      WHEN (${old('OLD')}) EXECUTE FUNCTION stats_mark_call()`);
    // The facts of a call follow its entry's subsystem and type, and its handle time the registration;
    // an entry's facts its own fields.
    await q.query(`CREATE TRIGGER "entries_stats_mark" AFTER UPDATE ON "entries" FOR EACH ROW
      WHEN (OLD.subsystem IS DISTINCT FROM NEW.subsystem OR OLD.type IS DISTINCT FROM NEW.type
         OR OLD.status IS DISTINCT FROM NEW.status OR OLD.registered_at IS DISTINCT FROM NEW.registered_at
         OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.origin_call_id IS DISTINCT FROM NEW.origin_call_id
         OR OLD.line_id IS DISTINCT FROM NEW.line_id OR OLD.owner_id IS DISTINCT FROM NEW.owner_id
         OR OLD.channel IS DISTINCT FROM NEW.channel)
      EXECUTE FUNCTION stats_mark_entry()`);
    // A new entry counts for an old day, or for its call's handle time once registered (not a live draft).
    await q.query(`CREATE TRIGGER "entries_stats_mark_insert" AFTER INSERT ON "entries" FOR EACH ROW
      WHEN (NEW.registered_at < now() - interval '1 hour' OR NEW.resolved_at < now() - interval '1 hour'
         OR (NEW.origin_call_id IS NOT NULL AND NEW.status NOT IN ('draft', 'not_request')))
      EXECUTE FUNCTION stats_mark_entry()`);
    await q.query(`CREATE TRIGGER "entries_stats_mark_delete" AFTER DELETE ON "entries" FOR EACH ROW
      EXECUTE FUNCTION stats_mark_entry()`);
    // A call attached to an entry changes its calls per request and first contact.
    await q.query(`CREATE FUNCTION stats_mark_history() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM stats_mark(e.registered_at, e.resolved_at) FROM entries e WHERE e.id = NEW.entry_id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "entry_history_stats_mark" AFTER INSERT ON "entry_history" FOR EACH ROW
      WHEN (NEW.action = 'call_attached') EXECUTE FUNCTION stats_mark_history()`);
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
    await q.query(`DROP TRIGGER "entry_history_stats_mark" ON "entry_history"`);
    await q.query(`DROP FUNCTION stats_mark_history()`);
    await q.query(`DROP TRIGGER "entries_stats_mark_insert" ON "entries"`);
    await q.query(`DROP TRIGGER "entries_stats_mark_delete" ON "entries"`);
    await q.query(`DROP TRIGGER "entries_stats_mark" ON "entries"`);
    await q.query(`DROP FUNCTION stats_mark_entry()`);
    for (const t of ['calls_stats_mark', 'calls_stats_mark_update', 'calls_stats_mark_delete']) {
      await q.query(`DROP TRIGGER "${t}" ON "calls"`);
    }
    await q.query(`DROP FUNCTION stats_mark_call()`);
    await q.query(`DROP FUNCTION stats_mark(timestamptz[])`);
    for (const t of ['stats_entry_resolutions', 'stats_entry_days', 'stats_call_slots', 'stats_call_days']) {
      await q.query(`DROP TABLE "${t}"`);
    }
    await q.query(`DROP TABLE "stats_dirty"`);
    await q.query(`DROP TABLE "stats_days"`);
  }
}
