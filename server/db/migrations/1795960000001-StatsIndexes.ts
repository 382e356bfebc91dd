import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics' reads that stay on the calls and entries, each kept to the few rows it counts by a
 * partial index: lost callers (unanswered support calls in working time), callbacks, approvals
 * pending, repeat calls attached to an entry.
 */
export class StatsIndexes1795960000001 implements MigrationInterface {
  name = 'StatsIndexes1795960000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "calls_lost_idx" ON "calls" ("started_at")
        WHERE "answered_at" IS NULL AND "direction" = 'inbound' AND "line_id" IS NOT NULL AND NOT "after_hours"`,
    );
    await q.query(
      `CREATE INDEX "calls_callback_idx" ON "calls" ("started_at")
        WHERE "direction" = 'outbound' AND "callback_of_id" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "entries_approval_idx" ON "entries" ("owner_id") WHERE "approval" = 'pending'`);
    await q.query(
      `CREATE INDEX "entry_history_attached_idx" ON "entry_history" ("at") WHERE "action" = 'call_attached'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['entry_history_attached_idx', 'entries_approval_idx', 'calls_callback_idx', 'calls_lost_idx']) {
      await q.query(`DROP INDEX "${name}"`);
    }
  }
}
