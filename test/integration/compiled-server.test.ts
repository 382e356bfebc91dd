// `npm start` runs the server as esbuild compiled it (dist/server), not the TypeScript sources the other
// tests load: the compiled build must do what they do — open the embedded database and apply its
// migrations, serve the web client, log in, and render Form No. 1 in the report worker (its own file).
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { SERVER_OUT, startArgs } from '../../scripts/server-build';
import { startServerProcess, type ServerProcess } from '../support/server-process';

function download(agent: request.Agent, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

describe('the compiled server of npm start', () => {
  let srv: ServerProcess;
  beforeAll(async () => {
    srv = await startServerProcess({ compiled: true, embedded: true });
  }, 180_000);
  afterAll(() => srv?.stop());

  it('runs from dist/server on the embedded database, serves the client and renders Form No. 1', async () => {
    expect(srv.proc.spawnargs).toContain(path.join(SERVER_OUT, 'main.js'));
    expect(srv.proc.spawnargs).not.toContain('tsx');

    const page = await request(srv.url).get('/journal');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="root">');

    const health = await request(srv.url).get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body.db).toBe('up');

    const admin = request.agent(srv.url);
    expect((await admin.post('/api/auth/login').send({ login: 'admin', password: 'admin-password-1' })).status).toBe(
      200,
    );
    const month = new Date().toISOString().slice(0, 7);
    const pdf = await download(admin, `/api/reports/form1?month=${month}&format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await download(admin, `/api/reports/form1?month=${month}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect(srv.output()).not.toMatch(/error|failed/i);
  }, 120_000);

  it('the systemd unit runs the same compiled server with the same flags as npm start', () => {
    const unit = fs.readFileSync(path.resolve(__dirname, '..', '..', 'config', 'systemd', 'callog.service'), 'utf8');
    const exec = /^ExecStart=\/usr\/bin\/node (.+)$/m.exec(unit)![1]!.split(' ');
    expect(exec).toEqual(
      startArgs().map((a) => (a.startsWith('/') ? path.relative(path.resolve(SERVER_OUT, '..', '..'), a) : a)),
    );
  });
});
