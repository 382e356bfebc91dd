import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics' reads that stay on the calls and entries, each kept to the few rows it counts by a
 * partial index: lost callers (support calls ended unanswered in working time: a call ringing now is
 * not in it, the live loop does not write it twice), callbacks, approvals
 * pending, repeat calls attached to an entry; the top organisations by the journal's index.
 */
export class StatsIndexes1795960000001 implements MigrationInterface {
  name = 'StatsIndexes1795960000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "calls_lost_idx" ON "calls" ("started_at")
        INCLUDE ("caller_number_norm", "ended_at", "handled_at", "wait_seconds", "queue", "state", "answered_at",
                 "after_hours", "direction", "line_id")
        WHERE "state" = 'ended' AND "answered_at" IS NULL AND "direction" = 'inbound' AND "line_id" IS NOT NULL
          AND NOT "after_hours"`,
    );
    await q.query(
      `CREATE INDEX "calls_callback_idx" ON "calls" ("started_at")
        WHERE "direction" = 'outbound' AND "callback_of_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "entries_approval_idx" ON "entries" ("owner_id") INCLUDE ("line_id", "subsystem", "type")
        WHERE "approval" = 'pending' AND "status" IN ('in_progress', 'awaiting_feedback', 'passed_to_developer')`,
    );
    // The journal's order, also carrying what the statistics' entry reads filter and count by (the top
    // organisations read the index alone).
    await q.query(`DROP INDEX "entries_registered_idx"`);
    await q.query(
      `CREATE INDEX "entries_registered_idx" ON "entries" ("registered_at", "id")
        INCLUDE ("organization_id", "status", "line_id", "owner_id", "subsystem", "type")`,
    );
    // The entries resolved on a day (the days not summarised yet, and a calendar change).
    await q.query(`CREATE INDEX "entries_resolved_idx" ON "entries" ("resolved_at") WHERE "resolved_at" IS NOT NULL`);
    await q.query(
      `CREATE INDEX "entry_history_attached_idx" ON "entry_history" ("at") WHERE "action" = 'call_attached'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "entries_registered_idx"`);
    await q.query(`CREATE INDEX "entries_registered_idx" ON "entries" ("registered_at", "id")`);
    for (const name of [
      'entry_history_attached_idx',
      'entries_resolved_idx',
      'entries_approval_idx',
      'calls_callback_idx',
      'calls_lost_idx',
    ]) {
      await q.query(`DROP INDEX "${name}"`);
    }
  }
}
