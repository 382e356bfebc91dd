// The floor for bench:pop, run as its own process like callog: per call one PostgreSQL insert and one
// Socket.IO emit, nothing else. POST /fire {tags: string[], rooms: string[]} inserts one row per tag
// (one multi-row statement, one commit) and emits {tag} to each room; clients join room `u:<id>`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Server } from 'socket.io';

async function main() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  await pool.query(`CREATE TABLE IF NOT EXISTS floor_rows (id serial PRIMARY KEY, tag text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`);
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/fire') {
      res.statusCode = 404;
      res.end();
      return;
    }
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { tags, rooms } = JSON.parse(body) as { tags: string[]; rooms: string[] };
      pool
        .query<{ tag: string }>(`INSERT INTO floor_rows (tag) SELECT unnest($1::text[]) RETURNING tag`, [tags])
        .then((r) => {
          r.rows.forEach((row, i) => io.to(rooms[i]!).emit('entry:draft', { tag: row.tag }));
          res.end('ok');
        })
        .catch((err: unknown) => {
          res.statusCode = 500;
          res.end(String(err));
        });
    });
  });
  // The handler above is in place before Socket.IO attaches (see server/server.ts).
  const io = new Server(server, { serveClient: false });
  io.on('connection', (s) => void s.join(`u:${String(s.handshake.query.id)}`));
  server.listen(0, '127.0.0.1', () => {
    console.log(`floor listening: http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  process.on('SIGTERM', () => {
    void io.close();
    void pool.end().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
