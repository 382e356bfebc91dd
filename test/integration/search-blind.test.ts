// Blind check of the journal search: the pairs of test/fixtures/search-pairs-blind.ts were written without
// seeing the search code or the author's own pairs. Each text is registered as an entry and must be found by
// its query in another word form; the queries of BLIND_NOT_FOUND must find nothing. Misses are collected so a
// failure lists all of them at once.
import type request from 'supertest';
import { BLIND_FOUND, BLIND_NOT_FOUND } from '../fixtures/search-pairs-blind';
import { missedPairs, registerTexts, wrongMatches } from '../support/journal-search';
import { startTestServer, type TestServer } from '../support/server';

describe('journal search, blind pairs (PostgreSQL)', () => {
  let srv: TestServer;
  let spec: request.Agent;
  let ids = new Map<string, number>();

  beforeAll(async () => {
    srv = await startTestServer();
    await srv.createUser({ login: 'spec' });
    spec = await srv.agent('spec', 'password-123');
    ids = await registerTexts(
      spec,
      BLIND_FOUND.map(([text]) => text),
    );
  }, 180_000);
  afterAll(() => srv?.stop());

  it(`finds each of ${BLIND_FOUND.length} entries by a query in another word form`, async () => {
    expect(await missedPairs(spec, BLIND_FOUND, ids)).toEqual([]);
  });

  it('finds nothing for words that only begin alike, or a phrase not adjacent / in another order', async () => {
    expect(await wrongMatches(spec, BLIND_NOT_FOUND)).toEqual([]);
  });
});
