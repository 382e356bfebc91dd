// Prometheus metrics of one instance (prom-client, its own registry): the PBX link, AMI traffic, the
// call-effect queue, the time from an answer to its pop-up, HTTP durations, the database pool.
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsSources {
  pbxState: () => string;
  pbxHolder: () => boolean;
  amiStats: () => { events: number; decoded: number; malformed: number; oversized: number };
  effectQueue: () => number;
  dbPool: () => { total: number; idle: number; waiting: number } | null;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly answerToPush: Histogram;
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  /** When each answered call's effect was handed to the journal (performance.now()). */
  private readonly answered = new Map<string, number>();

  constructor(s: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'callog_' });
    new Gauge({
      name: 'callog_pbx_link_up',
      help: 'The PBX link as users see it: 1 up, 0 otherwise',
      registers,
      collect() {
        this.set(s.pbxState() === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'callog_pbx_link_holder',
      help: 'This instance holds the PBX link (the advisory lock): 1 or 0',
      registers,
      collect() {
        this.set(s.pbxHolder() ? 1 : 0);
      },
    });
    // AMI totals come from the client's own counters; the counters follow them on each scrape.
    const seen = { events: 0, decoded: 0, malformed: 0, oversized: 0 };
    const ami = new Counter({
      name: 'callog_ami_events_total',
      help: 'AMI events read from the PBX, by what became of them',
      labelNames: ['kind'],
      registers,
      collect() {
        const now = s.amiStats();
        for (const k of ['events', 'decoded', 'malformed', 'oversized'] as const) {
          // A new AMI client (a reconnect keeps it; a restart does not) starts from zero again.
          const delta = now[k] >= seen[k] ? now[k] - seen[k] : now[k];
          if (delta > 0) ami.inc({ kind: k === 'events' ? 'received' : k }, delta);
          seen[k] = now[k];
        }
      },
    });
    new Gauge({
      name: 'callog_call_effects_queue',
      help: 'Call effects waiting to be written to the journal',
      registers,
      collect() {
        this.set(s.effectQueue());
      },
    });
    new Gauge({
      name: 'callog_db_pool_connections',
      help: 'Database pool connections by state (absent with the embedded database)',
      labelNames: ['state'],
      registers,
      collect() {
        const p = s.dbPool();
        if (!p) return;
        this.set({ state: 'total' }, p.total);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
    this.answerToPush = new Histogram({
      name: 'callog_answer_to_push_seconds',
      help: 'From the answer event read off the PBX link to entry:draft sent to the specialist',
      buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers,
    });
    this.http = new Histogram({
      name: 'callog_http_request_duration_seconds',
      help: 'HTTP API requests by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
  }

  /** An answer was read off the PBX link (its draft's push will be timed from now). */
  answerSeen(linkedid: string): void {
    this.answered.set(linkedid, performance.now());
    // A call whose draft never comes (no account for the extension) must not stay here forever.
    if (this.answered.size > 10_000) this.answered.delete(this.answered.keys().next().value!);
  }

  /** The draft of this call was pushed. */
  draftPushed(linkedid: string): void {
    const t = this.answered.get(linkedid);
    if (t === undefined) return;
    this.answered.delete(linkedid);
    this.answerToPush.observe((performance.now() - t) / 1000);
  }

  /** Times every API request; the route is express's pattern (/api/entries/:id), not the URL. */
  httpTimer(): RequestHandler {
    return (req, res, next) => {
      const end = this.http.startTimer({ method: req.method });
      res.once('finish', () => {
        const route = req.route ? `${req.baseUrl}${String((req.route as { path: unknown }).path)}` : 'unmatched';
        end({ route, status: String(res.statusCode) });
      });
      next();
    };
  }
}
