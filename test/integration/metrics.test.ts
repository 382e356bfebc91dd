// Prometheus metrics: the PBX link, AMI events, the effect queue, answer-to-pop-up latency, HTTP
// durations and the database pool, for admins on the main port and on a separate listener.
import request from 'supertest';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';

let ami: FakeAmi;
let srv: TestServer;
let spec: TestSocket;

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({ env: { ...ami.env(), METRICS_PORT: '0' } });
  await srv.createUser({ login: 'spec-a', extensions: ['101'] });
  spec = await connectAs(srv.url, 'spec-a', 'password-123');
  await ami.waitForLogin();
});
afterAll(async () => {
  spec?.close();
  await srv?.stop();
  await ami?.stop();
});

/** The value of one sample line ("name{labels} value"). */
const sample = (text: string, line: RegExp) => {
  const m = new RegExp(`^${line.source} ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
};

it('admins read /metrics; others are refused', async () => {
  expect((await request(srv.url).get('/metrics')).status).toBe(401);
  expect((await (await srv.agent('spec-a', 'password-123')).get('/metrics')).status).toBe(403);
  const res = await (await srv.agent(srv.admin.login, srv.admin.password)).get('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/plain/);
  expect(res.text).toMatch(/# TYPE callog_pbx_link_up gauge/);
});

it('counts what happened: an answered call, its pop-up time, AMI events, HTTP requests, the pool', async () => {
  await ami.play('s01-answered-390679', { speed: Infinity });
  await spec.waitFor(() => spec.drafts.length > 0, 10_000, 'draft');
  await new Promise((r) => setTimeout(r, 300));
  await srv.effects.idle();
  await request(srv.url).get('/api/health');
  const text = (await request(srv.metricsUrl!).get('')).text;
  expect(sample(text, /callog_pbx_link_up/)).toBe(1);
  expect(sample(text, /callog_pbx_link_holder/)).toBe(1);
  expect(sample(text, /callog_ami_events_total\{kind="received"\}/)).toBeGreaterThan(20);
  expect(sample(text, /callog_ami_events_total\{kind="decoded"\}/)).toBeGreaterThan(5);
  expect(sample(text, /callog_call_effects_queue/)).toBe(0);
  expect(sample(text, /callog_answer_to_push_seconds_count/)).toBe(1);
  expect(sample(text, /callog_answer_to_push_seconds_sum/)).toBeLessThan(5);
  expect(
    sample(text, /callog_http_request_duration_seconds_count\{method="GET",route="\/api\/health\/",status="200"\}/),
  ).toBeGreaterThanOrEqual(1);
  expect(sample(text, /callog_db_pool_connections\{state="total"\}/)).toBeGreaterThanOrEqual(1);
  expect(text).toMatch(/callog_process_resident_memory_bytes/);
});
