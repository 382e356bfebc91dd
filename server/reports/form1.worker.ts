// Renders Form No. 1 off the main thread: a month of a whole centre takes about a second of CPU in pdfmake,
// which must not hold up call pop-ups and the AMI stream.
import { parentPort } from 'node:worker_threads';
import type { Form1Report } from './form1.data';
import { renderForm1Pdf } from './form1.pdf';
import { renderForm1Xlsx } from './form1.xlsx';

export interface RenderRequest {
  id: number;
  format: 'pdf' | 'xlsx';
  report: Form1Report;
}
export type RenderResponse = { id: number; ok: true; body: Uint8Array } | { id: number; ok: false; error: string };

parentPort?.on('message', (req: RenderRequest) => {
  const render = req.format === 'pdf' ? renderForm1Pdf : renderForm1Xlsx;
  render(req.report).then(
    (buf) => {
      const body = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      parentPort!.postMessage({ id: req.id, ok: true, body } satisfies RenderResponse);
    },
    (err: unknown) => {
      parentPort!.postMessage({
        id: req.id,
        ok: false,
        error: String((err as Error)?.stack ?? err),
      } satisfies RenderResponse);
    },
  );
});
