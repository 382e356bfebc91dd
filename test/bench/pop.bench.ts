// npm run bench:pop — how fast a call becomes a pop-up, and how fast AMI traffic is read.
// 1. Latency: the callog server runs as its own process on real PostgreSQL; a fake AMI server sends
//    N (1, 50, 200) concurrent answered calls with 500 specialists connected; measured from the
//    answer event leaving the AMI server to `entry:draft` arriving in the specialist's socket, beside
//    the floor measured in the same run: one INSERT and one Socket.IO emit per call, nothing else;
//    and the CPU each burst cost the server, PostgreSQL and the clients (cpu-time.ts).
// 2. Throughput: AMI events per second on the same bytes through a bare frame split (the floor),
//    our client's decode, our decode + call tracker, and asterisk-ami-client.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { CallTracker } from '../../server/tracker/tracker';
import { createLogger } from '../../server/logger';
import { AmiClient } from '../../server/pbx/ami-client';
import { AmiStream } from '../../server/pbx/ami-stream';
import type { DraftPushDto } from '../../shared/socket';
import { FakeAmi } from '../support/fake-ami';
import { CpuMeter, postgresPids } from './cpu-time';
import { createScratchDatabase, postgresAdminUrl } from '../support/pg';
import { startServerProcess } from '../support/server-process';
import { answeredCall, trafficStream } from './synthetic-calls';

const ROOT = path.resolve(__dirname, '..', '..');
const SPECIALISTS = 500;
/** Concurrent answered calls per round, and rounds. */
const SCENARIOS: readonly (readonly [number, number])[] = process.env.BENCH_SCENARIOS
  ? process.env.BENCH_SCENARIOS.split(',').map((s) => s.split('x').map(Number) as [number, number])
  : [
      [1, 100],
      [50, 20],
      [200, 10],
    ];
const LINES = {
  lines: [
    { code: '390679', did: '3452390679' },
    { code: '399069', did: '3452399069' },
  ],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

/** The floor server (test/bench/floor-server.ts) as its own process. */
async function startFloor(databaseUrl: string): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/bench/floor-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /floor listening: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
  });
  return { url, proc };
}

function post(url: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`floor: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Waits for every key's arrival (ms); null after 10 s. */
function arrivals(waiting: Map<string, (t: number) => void>, keys: string[]): Promise<number[] | null> {
  const all = Promise.all(keys.map((k) => new Promise<number>((resolve) => waiting.set(k, resolve))));
  return Promise.race([all, sleep(10_000).then(() => null)]);
}

const stats = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99), max: Math.max(...xs) });

async function latency() {
  const admin = await postgresAdminUrl();
  if (!admin) throw new Error('bench:pop needs PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432)');
  const db = await createScratchDatabase(admin, 'callog_bench');
  const ami = new FakeAmi();
  await ami.start();
  const prof = process.env.BENCH_PROFILE_DIR;
  const server = await startServerProcess({
    compiled: true,
    databaseUrl: db.url,
    env: { ...ami.env(), LOG_LEVEL: 'warn' },
    ...(prof ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${prof}`] } : {}),
  });
  const floor = await startFloor(db.url);
  const url = server.url;
  const sockets: Socket[] = [];
  try {
    const adminAgent = request.agent(url);
    await adminAgent.post('/api/auth/login').send({ login: 'admin', password: 'admin-password-1' });
    const waiting = new Map<string, (t: number) => void>();
    const floorWaiting = new Map<string, (t: number) => void>();
    const connectOne = async (i: number) => {
      const login = `bench${i}`;
      const created = await adminAgent.post('/api/users').send({
        login,
        password: 'bench-pass-1',
        fullName: `Специалист ${i}`,
        role: 'specialist',
        extensions: [`${201 + i}`],
      });
      if (created.status !== 201) throw new Error(`user ${login}: ${created.status}`);
      const res = await request(url).post('/api/auth/login').send({ login, password: 'bench-pass-1' });
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      const s = connect(url, { extraHeaders: { Cookie: cookie }, transports: ['websocket'] });
      s.on('entry:draft', (d: DraftPushDto) => waiting.get(d.call.linkedid)?.(performance.now()));
      const f = connect(floor.url, { transports: ['websocket'], query: { id: String(i) } });
      f.on('entry:draft', (d: { tag: string }) => floorWaiting.get(d.tag)?.(performance.now()));
      await Promise.all([
        new Promise<void>((resolve) => s.once('connect', () => resolve())),
        new Promise<void>((resolve) => f.once('connect', () => resolve())),
      ]);
      sockets.push(s, f);
    };
    for (let i = 0; i < SPECIALISTS; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, SPECIALISTS - i) }, (_, k) => connectOne(i + k)));
    }
    await ami.waitForLogin();
    await sleep(1000);

    let seq = 1;
    const rows: string[] = [];
    const cpuRows: string[] = [];
    const verdicts: string[] = [];
    // What a burst costs each process on CPU, from the answers sent to the last draft received.
    let pgPids: number[] = [];
    const meter = new CpuMeter(() => ({ server: [server.proc.pid!], postgres: pgPids, clients: [process.pid] }));
    const cores = os.cpus().length;
    for (const [n, rounds] of SCENARIOS) {
      const ours: number[] = [];
      const base: number[] = [];
      // Round 0 warms up (JIT, query plans, first drafts of these specialists): a server that has
      // been up a while is the case measured. Its figure is printed apart, not hidden.
      let cold = 0;
      const cpu = { server: 0, postgres: 0, clients: 0 };
      for (let r = 0; r <= rounds; r++) {
        // Calls to N different specialists, spread over all of them.
        const exts = Array.from({ length: n }, (_, i) => (r * n + i) % SPECIALISTS);
        const calls = exts.map((k) => answeredCall(seq++, `${201 + k}`));
        ami.send(calls.map((c) => c.setup).join(''));
        await sleep(300);
        const arrived = arrivals(
          waiting,
          calls.map((c) => c.linkedid),
        );
        pgPids = postgresPids();
        meter.start();
        const t0 = performance.now();
        ami.send(calls.map((c) => c.answer).join(''));
        const times = await arrived;
        const used = meter.lap();
        if (!times) throw new Error(`drafts did not arrive within 10 s (N=${n})`);
        if (r === 0) cold = Math.max(...times.map((t) => t - t0));
        else {
          ours.push(...times.map((t) => t - t0));
          for (const k of ['server', 'postgres', 'clients'] as const) cpu[k] += (used[k] ?? 0) / rounds;
        }
        ami.send(calls.map((c) => c.rest).join(''));
        await sleep(200);

        // The floor, on the same sockets' machine: N inserts (one statement) and N emits.
        const tags = calls.map((c) => `f${c.linkedid}`);
        const floorArrived = arrivals(floorWaiting, tags);
        const f0 = performance.now();
        await post(`${floor.url}/fire`, { tags, rooms: exts.map((k) => `u:${k}`) });
        const ft = await floorArrived;
        if (!ft) throw new Error(`floor emits did not arrive within 10 s (N=${n})`);
        if (r > 0) base.push(...ft.map((t) => t - f0));
        await sleep(100);
      }
      const o = stats(ours);
      const f = stats(base);
      rows.push(
        `| ${n} | ${ours.length} | ${fmt(o.p50)} | ${fmt(o.p95)} | ${fmt(o.p99)} | ${fmt(o.max)} | ${fmt(f.p50)} | ${fmt(f.p99)} | ${fmt(o.p99 / f.p99)}× | ${fmt(cold)} |`,
      );
      const total = cpu.server + cpu.postgres + cpu.clients;
      cpuRows.push(
        `| ${n} | ${fmt(cpu.server)} | ${fmt(cpu.postgres)} | ${fmt(cpu.clients)} | ${fmt(total)} | ${fmt(total / cores)} | ${fmt(o.p50)} |`,
      );
      verdicts.push(
        `N=${n}: p99 ${fmt(o.p99)} ms ${o.p99 <= 50 ? '≤' : '>'} 50 ms, ${fmt(o.p99 / f.p99)}× the floor ${o.p99 <= 5 * f.p99 ? '≤' : '>'} 5×`,
      );
    }
    console.log(
      `\nAnswer event -> entry:draft in the specialist's socket (ms), ${SPECIALISTS} specialists connected, PostgreSQL;` +
        '\nfloor = the same clients, one INSERT per call (one statement) + one Socket.IO emit per call, also its own process;' +
        '\neach N after one warm-up round (not counted; its slowest draft in the last column)',
    );
    console.log(
      '| concurrent calls N | samples | p50 | p95 | p99 | max | floor p50 | floor p99 | p99 / floor p99 | warm-up round max |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
    console.log(
      `\nCPU used per burst, from the answers sent to the last draft received (ms, mean of the rounds; Linux` +
        ` schedstat, user + system, every thread), against this machine's ${cores} cores: no burst can be` +
        ` faster than its CPU time shared out over the cores`,
    );
    console.log(`| N | callog server | PostgreSQL | clients (this process) | total | total / ${cores} cores | p50 |`);
    console.log('|---|---|---|---|---|---|---|');
    for (const r of cpuRows) console.log(r);
    console.log(verdicts.join('\n'));
  } finally {
    for (const s of sockets) s.close();
    floor.proc.kill('SIGTERM');
    await new Promise((r) => floor.proc.once('exit', r));
    await server.stop();
    await ami.stop();
    await db.drop();
  }
}

/** Serves `bytes` to one client after its login (a blaster, not a PBX). */
async function blaster(bytes: Buffer): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((sock) => {
    sock.write('Asterisk Call Manager/11.0.0\r\n');
    let buf = '';
    sock.on('data', (d: Buffer) => {
      buf += d.toString();
      const id = /ActionID: (.+)\r\n/i.exec(buf)?.[1];
      if (buf.includes('\r\n\r\n') && /Action: Login/i.test(buf)) {
        buf = '';
        sock.write(`Response: Success\r\nActionID: ${id ?? ''}\r\nMessage: Authentication accepted\r\n\r\n`);
        // The traffic goes in its own write after the login answer.
        setTimeout(() => sock.write(bytes), 50);
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Events per second of a reader over TCP: the median of 3 runs. */
async function overTcp(
  name: string,
  bytes: Buffer,
  total: number,
  run: (port: number, done: () => void) => () => void,
) {
  const rates: number[] = [];
  for (let i = 0; i < 3; i++) rates.push(await overTcpOnce(name, bytes, total, run));
  return [...rates].sort((a, b) => a - b)[1]!;
}

async function overTcpOnce(
  name: string,
  bytes: Buffer,
  total: number,
  run: (port: number, done: () => void) => () => void,
) {
  const b = await blaster(bytes);
  const start = performance.now();
  let stop: () => void = () => undefined;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not finished in 120 s`)), 120_000);
    stop = run(b.port, () => {
      clearTimeout(timer);
      resolve();
    });
  }).catch((err: Error) => console.log(`${name}: ${err.message}`));
  const ms = performance.now() - start;
  stop();
  await b.close();
  return total / (ms / 1000);
}

async function throughput() {
  const { text, events } = trafficStream(200_000);
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
  const logger = createLogger('silent');
  const results: [string, number, number][] = [];

  const RUNS = 5;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const inMemory = (fn: () => number) => {
    fn(); // warm-up
    const rates: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const n = fn();
      rates.push(n / ((performance.now() - t) / 1000));
    }
    return median(rates);
  };
  // The floor: find every frame end in the bytes, nothing else (no decoding, no parsing).
  const SEP = Buffer.from('\r\n\r\n');
  const bareBytes = (c: Buffer, rest: Buffer | null): [number, Buffer | null] => {
    const buf = rest ? Buffer.concat([rest, c]) : c;
    let n = 0;
    let start = 0;
    for (let end = buf.indexOf(SEP, start); end !== -1; end = buf.indexOf(SEP, start)) {
      n++;
      start = end + 4;
    }
    return [n, start < buf.length ? Buffer.from(buf.subarray(start)) : null];
  };
  const bare = () => {
    let rest: Buffer | null = null;
    let n = 0;
    for (const c of chunks) {
      const [k, r] = bareBytes(c, rest);
      n += k;
      rest = r;
    }
    return n;
  };
  // For reference: the same split on decoded text (what most AMI libraries do first).
  const bareText = () => {
    const dec = new StringDecoder('utf8');
    let buf = '';
    let n = 0;
    for (const c of chunks) {
      buf += dec.write(c);
      let start = 0;
      for (let end = buf.indexOf('\r\n\r\n'); end !== -1; end = buf.indexOf('\r\n\r\n', start)) {
        n++;
        start = end + 4;
      }
      buf = buf.slice(start);
    }
    return n;
  };
  const ours = (withTracker: boolean) => () => {
    const tracker = new CallTracker(LINES);
    let arrival = Date.now();
    const s = new AmiStream({
      onEvent: (ev, at) => {
        if (withTracker) tracker.handle(ev, at);
      },
      onResponse: () => undefined,
    });
    for (const c of chunks) s.push(c, (arrival += 1));
    return s.stats.events;
  };

  const tcpBare = await overTcp('bare split (TCP)', bytes, events, (port, done) => {
    const sock = net.connect(port, '127.0.0.1');
    let rest: Buffer | null = null;
    let n = 0;
    sock.on('connect', () => sock.write('Action: Login\r\nActionID: 1\r\n\r\n'));
    sock.on('data', (d: Buffer) => {
      const [k, r] = bareBytes(d, rest);
      n += k;
      rest = r;
      if (n >= events + 1) done();
    });
    return () => sock.destroy();
  });
  const tcpText = await overTcp('text split (TCP)', bytes, events, (port, done) => {
    const sock = net.connect(port, '127.0.0.1');
    const dec = new StringDecoder('utf8');
    let buf = '';
    let n = 0;
    sock.on('connect', () => sock.write('Action: Login\r\nActionID: 1\r\n\r\n'));
    sock.on('data', (d: Buffer) => {
      buf += dec.write(d);
      let start = 0;
      for (let end = buf.indexOf('\r\n\r\n'); end !== -1; end = buf.indexOf('\r\n\r\n', start)) {
        n++;
        start = end + 4;
      }
      buf = buf.slice(start);
      if (n >= events + 1) done();
    });
    return () => sock.destroy();
  });
  const tcpOurs = async (withTracker: boolean) =>
    overTcp('callog AMI client', bytes, events, (port, done) => {
      const tracker = new CallTracker(LINES);
      const client: AmiClient = new AmiClient({
        host: '127.0.0.1',
        port,
        username: 'u',
        secret: 's',
        logger,
        pingIntervalMs: 3_600_000,
        onEvent: (ev, at) => {
          if (withTracker) tracker.handle(ev, at);
        },
        onState: () => undefined,
        onLogin: () => undefined,
      });
      const check = setInterval(() => {
        if (client.stats.events >= events) {
          clearInterval(check);
          done();
        }
      }, 5);
      client.start();
      return () => {
        clearInterval(check);
        client.stop();
      };
    });
  const tcpOursDecode = await tcpOurs(false);
  const tcpOursTracker = await tcpOurs(true);
  const tcpPeer = await overTcp('asterisk-ami-client', bytes, events, (port, done) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS peer, only measured here
    const Peer = require('asterisk-ami-client') as new (o: object) => {
      connect(u: string, s: string, o: object): Promise<unknown>;
      on(e: string, f: () => void): unknown;
      disconnect(): void;
    };
    const client = new Peer({ reconnect: false, keepAlive: false, emitEventsByTypes: false, emitResponsesById: false });
    let n = 0;
    client.on('event', () => {
      if (++n >= events) done();
    });
    void client.connect('u', 's', { host: '127.0.0.1', port }).catch(() => undefined);
    return () => client.disconnect();
  });

  results.push(['bare frame split on bytes', inMemory(bare), tcpBare]);
  results.push(['bare frame split on decoded text', inMemory(bareText), tcpText]);
  results.push(["callog client's decode", inMemory(ours(false)), tcpOursDecode]);
  results.push(['callog decode + call tracker', inMemory(ours(true)), tcpOursTracker]);
  results.push(['asterisk-ami-client 1.1.5', NaN, tcpPeer]);

  console.log(
    `\nAMI events per second (median of runs), ${fmt(events)} events (${fmt(bytes.length / 1048576)} MiB) of recorded traffic`,
  );
  console.log('| reader | in memory (64 KiB chunks) | over TCP (loopback) |');
  console.log('|---|---|---|');
  const show = (n: number) => (Number.isNaN(n) ? '—' : fmt(n));
  for (const [name, mem, tcp] of results) console.log(`| ${name} | ${show(mem)} | ${show(tcp)} |`);
  // The floor is the faster of the two bare splits.
  const floorMem = Math.max(results[0]![1], results[1]![1]);
  const floorTcp = Math.max(results[0]![2], results[1]![2]);
  const oursMem = results[3]![1];
  console.log(
    `\ndecode + tracker vs the floor: ${fmt((100 * oursMem) / floorMem)} % in memory, ${fmt((100 * tcpOursTracker) / floorTcp)} % over TCP; ` +
      `vs asterisk-ami-client: ${fmt(tcpOursTracker / tcpPeer)}x over TCP`,
  );
}

async function main() {
  const only = process.argv[2];
  if (only !== 'throughput') await latency();
  if (only !== 'latency') await throughput();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
