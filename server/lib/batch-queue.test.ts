// The queue that applies call effects: a key's items keep their order, a burst is applied as parts at
// once when asked, and a part that fails with the database away is retried alone.
import { createLogger } from '../logger';
import { BatchQueue, split } from './batch-queue';

interface Item {
  key: string;
  n: number;
}

const logger = createLogger('silent');

function queue(apply: (round: Item[]) => Promise<void>, parallel?: number) {
  return new BatchQueue<Item>({
    name: 'test',
    apply,
    keyOf: (i) => i.key,
    isTransient: (err) => err instanceof Error && err.message === 'away',
    logger,
    ...(parallel ? { parallel, splitAbove: 50 } : {}),
  });
}

const burst = (n: number, k = 1) => Array.from({ length: n }, (_, i) => ({ key: `c${i}`, n: k }));

describe('split', () => {
  it('cuts into near-equal parts, in order, never empty', () => {
    expect(split([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    expect(split([1], 4)).toEqual([[1]]);
    expect(split([1, 2, 3, 4], 1)).toEqual([[1, 2, 3, 4]]);
  });
});

describe('BatchQueue', () => {
  it('applies a burst above the split size as parts at once, and the next round only after all of them', async () => {
    const log: string[] = [];
    let inFlight = 0;
    let most = 0;
    const q = queue(async (round) => {
      inFlight++;
      most = Math.max(most, inFlight);
      log.push(`start ${round.length} of ${round[0]!.n}`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`end ${round.length} of ${round[0]!.n}`);
      inFlight--;
    }, 2);
    // Each of 120 calls twice: the second effect of a call must wait for the first.
    q.enqueue([...burst(120, 1), ...burst(120, 2)]);
    await q.idle();
    expect(most).toBe(2);
    expect(log).toEqual([
      'start 60 of 1',
      'start 60 of 1',
      'end 60 of 1',
      'end 60 of 1',
      'start 60 of 2',
      'start 60 of 2',
      'end 60 of 2',
      'end 60 of 2',
    ]);
  });

  it('keeps a burst of at most the split size whole, and everything whole without parallel', async () => {
    const sizes: number[] = [];
    const q = queue((round) => Promise.resolve(void sizes.push(round.length)), 2);
    q.enqueue(burst(50));
    await q.idle();
    const one = queue((round) => Promise.resolve(void sizes.push(round.length)));
    one.enqueue(burst(200));
    await one.idle();
    expect(sizes).toEqual([50, 200]);
  });

  it('retries only the part that failed while the database was away', async () => {
    const applied: string[] = [];
    let failures = 1;
    const q = queue((round) => {
      const first = round[0]!.key;
      if (first === 'c40' && failures-- > 0) return Promise.reject(new Error('away'));
      applied.push(`${first}+${round.length}`);
      return Promise.resolve();
    }, 2);
    q.enqueue(burst(80));
    await q.idle();
    expect(applied.sort()).toEqual(['c0+40', 'c40+40']);
  });
});
