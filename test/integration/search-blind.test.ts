// Blind check of the journal search: the pairs of test/fixtures/search-pairs-blind.ts were written without
// seeing the search code or the author's own pairs. Each text is registered as an entry and must be found by
// its query in another word form; the queries of BLIND_NOT_FOUND must find nothing. Misses are collected so a
// failure lists all of them at once.
import type request from 'supertest';
import type { EntryDto, Page } from '../../shared/api';
import { BLIND_FOUND, BLIND_NOT_FOUND } from '../fixtures/search-pairs-blind';
import { startTestServer, type TestServer } from '../support/server';

describe('journal search, blind pairs (PostgreSQL)', () => {
  let srv: TestServer;
  let spec: request.Agent;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    srv = await startTestServer();
    await srv.createUser({ login: 'spec' });
    spec = await srv.agent('spec', 'password-123');
    for (const [text] of BLIND_FOUND) {
      const res = await spec.post('/api/entries').send({
        type: 'support',
        subsystem: 'school',
        description: text,
        organizationName: 'МАОУ СОШ № 7',
        personName: 'Петрова Ирина Викторовна',
        channel: 'phone',
      });
      if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
      ids.set(text, (res.body as EntryDto).id);
    }
  }, 180_000);
  afterAll(() => srv?.stop());

  const search = async (q: string) => {
    const res = await spec.get(`/api/entries?limit=500&q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return res.body as Page<EntryDto>;
  };

  it(`finds each of ${BLIND_FOUND.length} entries by a query in another word form`, async () => {
    const missed: string[] = [];
    for (const [text, query] of BLIND_FOUND) {
      const found = (await search(query)).items.map((e) => e.id);
      if (!found.includes(ids.get(text)!)) missed.push(`${query} → ${text}`);
    }
    expect(missed).toEqual([]);
  });

  it('finds nothing for words that only begin alike, or a phrase not adjacent / in another order', async () => {
    const wrong: string[] = [];
    for (const query of BLIND_NOT_FOUND) {
      const found = (await search(query)).items.map((e) => e.description);
      if (found.length) wrong.push(`${query} → ${found.join(' | ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
