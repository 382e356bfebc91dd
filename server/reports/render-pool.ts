// One long-lived worker thread that renders report files; started on first use, restarted after a crash.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Form1Report } from './form1.data';
import type { RenderRequest, RenderResponse } from './form1.worker';

interface Pending {
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
}

export class ReportRenderer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  render(report: Form1Report, format: 'pdf' | 'xlsx'): Promise<Buffer> {
    const w = this.worker ?? this.start();
    const id = ++this.seq;
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, format, report } satisfies RenderRequest);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private start(): Worker {
    // Compiled (`npm start`: dist/server holds form1.worker.js beside the server) or the TypeScript sources
    // (tests, `npm run dev`: loaded through tsx's require hook; absolute paths, whatever the working directory).
    const compiled = path.join(__dirname, 'form1.worker.js');
    const options = {
      // pdfmake allocates many short-lived objects: a larger young generation halves the time spent in GC.
      resourceLimits: { maxYoungGenerationSizeMb: 96 },
    };
    const w = __filename.endsWith('.js')
      ? new Worker(compiled, options)
      : new Worker(`const { workerData: d } = require('node:worker_threads'); require(d.tsx); require(d.file);`, {
          ...options,
          eval: true,
          workerData: { tsx: require.resolve('tsx/cjs'), file: path.join(__dirname, 'form1.worker.ts') },
        });
    w.unref();
    w.on('message', (m: RenderResponse) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength));
      else p.reject(new Error(`report rendering failed: ${m.error}`));
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`report worker exited (${code})`)));
    this.worker = w;
    return w;
  }
}
