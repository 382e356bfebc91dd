// The journal search finds every form of the desk's words (issue 12, point 1): each text of
// test/fixtures/search-pairs.ts is registered as an entry, then searched for in another form, on
// PostgreSQL and on the embedded PGlite (the search has to work the same on both). Words that only look
// alike find nothing; the results say which words to highlight.
import type request from 'supertest';
import type { EntryDto } from '../../shared/api';
import { FOUND, NOT_FOUND } from '../fixtures/search-pairs';
import { missedPairs, registerTexts, searchJournal, wrongMatches } from '../support/journal-search';
import { startTestServer, type TestServer } from '../support/server';

describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
])('journal search on %s', (_name, embedded) => {
  let srv: TestServer;
  let spec: request.Agent;
  let ids = new Map<string, number>();

  beforeAll(async () => {
    srv = await startTestServer({ embedded });
    await srv.createUser({ login: 'spec' });
    spec = await srv.agent('spec', 'password-123');
    ids = await registerTexts(
      spec,
      FOUND.map(([text]) => text),
    );
  }, 180_000);
  afterAll(() => srv?.stop());

  const search = (q: string) => searchJournal(spec, q);

  it(`finds each of ${FOUND.length} entries by a query in another word form`, async () => {
    expect(await missedPairs(spec, FOUND, ids)).toEqual([]);
  });

  it('finds nothing for words that only look alike, or a phrase in another order', async () => {
    expect(await wrongMatches(spec, NOT_FOUND)).toEqual([]);
  });

  it('answered before: closed entries like a description being typed, the same subsystem first', async () => {
    const close = async (description: string, subsystem: string, resolution: string | null) => {
      const made = await spec.post('/api/entries').send({
        type: 'support',
        subsystem,
        description,
        organizationName: 'МАОУ СОШ № 7',
        personName: 'Петрова Ирина Викторовна',
        channel: 'phone',
      });
      expect(made.status).toBe(201);
      const e = made.body as EntryDto;
      if (resolution === null) return e.id;
      const closed = await spec
        .patch(`/api/entries/${e.id}`)
        .send({ version: e.version, status: 'closed', resolution });
      expect(closed.status).toBe(200);
      return e.id;
    };
    const school = await close('Учителя не могут открыть электронный журнал класса', 'school', 'Очистить кэш браузера');
    const garden = await close(
      'Воспитатель не может открыть электронный журнал группы',
      'kindergarten',
      'Выдать права',
    );
    const open = await close('Учитель не может открыть электронный журнал 5Б', 'school', null);
    await close('Сбой в журнале', 'school', 'Исправлено разработчиком');

    const like = async (text: string, subsystem?: string) => {
      const res = await spec.get('/api/entries/answered-before').query({ text, ...(subsystem ? { subsystem } : {}) });
      expect(res.status).toBe(200);
      return (res.body as { items: { id: number; resolution: string; common: number }[] }).items;
    };
    const forSchool = await like('учитель не открывает электронные журналы', 'school');
    expect(forSchool.map((x) => x.id)).toEqual([school, garden]);
    expect(forSchool[0]!.resolution).toBe('Очистить кэш браузера');
    expect(forSchool.map((x) => x.id)).not.toContain(open);
    // «Сбой в журнале» shares one word of four: not like it. A one-word text takes every answer with it.
    expect((await like('журналы')).map((x) => x.id).sort()).toHaveLength(3);
    const forGarden = await like('учитель не открывает электронные журналы', 'kindergarten');
    expect(forGarden.map((x) => x.id)).toEqual([garden, school]);
    expect(await like('и в на')).toEqual([]);
    // A held key or a pasted hash among the words is left out, not a 500 (found by the route fuzzer).
    expect(
      (await like(`${'x'.repeat(3000)} учитель не открывает электронные журналы`, 'school')).map((x) => x.id),
    ).toEqual([school, garden]);
    expect((await spec.get('/api/entries/answered-before')).status).toBe(400);
  });

  it('needs every word, and says which words to highlight', async () => {
    const page = await search('ошибок журналы');
    expect(page.items.map((e) => e.description)).toEqual(['Ошибка при входе в журнал']);
    expect(page.highlight!.words).toEqual(expect.arrayContaining(['ошибка', 'журнал']));
    const typing = await search('расписание экза');
    expect(typing.items.map((e) => e.description)).toEqual(['Расписание экзаменов не опубликовано']);
    expect(typing.highlight!.prefixes).toEqual(['экза']);
  });
});
