// A transaction that collects the work to do once it has committed (pushes to browsers, mails):
// registered where it arises, run only after the commit, dropped with a rollback.
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../logger';

export interface Tx {
  em: EntityManager;
  /** Runs `fn` after the commit, in registration order; never if the transaction rolls back. */
  afterCommit(fn: () => unknown): void;
}

export async function inTransaction<T>(ds: DataSource, logger: Logger, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const after: (() => unknown)[] = [];
  const result = await ds.transaction((em) => fn({ em, afterCommit: (f) => void after.push(f) }));
  for (const f of after) {
    try {
      await f();
    } catch (err) {
      logger.warn({ err }, 'work after commit failed');
    }
  }
  return result;
}
