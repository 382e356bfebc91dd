// CPU time (user + system) that processes have used, from Linux's /proc: schedstat gives each thread's
// nanoseconds on a CPU. A benchmark uses it to say what a burst cost the server, PostgreSQL and the
// clients together, against what the machine's cores can give in the time measured.
import fs from 'node:fs';

/** Nanoseconds on CPU of every thread of a process, or 0 when it cannot be read (gone, not Linux). */
export function cpuNs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's processes on this machine (postmaster, backends, background workers). */
export function postgresPids(): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** CPU milliseconds used by groups of processes between `start()` and each `lap()`. */
export class CpuMeter {
  private marks = new Map<string, Map<number, number>>();

  constructor(private readonly groups: () => Record<string, number[]>) {}

  start(): void {
    this.marks = new Map(
      Object.entries(this.groups()).map(([g, pids]) => [g, new Map(pids.map((p) => [p, cpuNs(p)]))]),
    );
  }

  /** Milliseconds per group since start(); a process that appeared meanwhile counts from zero. */
  lap(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [g, pids] of Object.entries(this.groups())) {
      const before = this.marks.get(g) ?? new Map<number, number>();
      out[g] = pids.reduce((sum, p) => sum + (cpuNs(p) - (before.get(p) ?? 0)), 0) / 1e6;
    }
    return out;
  }
}
