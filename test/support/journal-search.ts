// The journal search's pair tests: register texts as entries, then ask which queries miss their entry and
// which find something they should not.
import type request from 'supertest';
import type { EntryDto, Page } from '../../shared/api';

/** Registers each text as a support entry; returns text → entry id. */
export async function registerTexts(agent: request.Agent, texts: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const description of texts) {
    const res = await agent.post('/api/entries').send({
      type: 'support',
      subsystem: 'school',
      description,
      organizationName: 'МАОУ СОШ № 7',
      personName: 'Петрова Ирина Викторовна',
      channel: 'phone',
    });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    ids.set(description, (res.body as EntryDto).id);
  }
  return ids;
}

export async function searchJournal(agent: request.Agent, q: string): Promise<Page<EntryDto>> {
  const res = await agent.get(`/api/entries?limit=500&q=${encodeURIComponent(q)}`);
  if (res.status !== 200) throw new Error(`search «${q}»: ${res.status}`);
  return res.body as Page<EntryDto>;
}

/** "query → text" for each pair whose query does not find the text's entry. */
export async function missedPairs(
  agent: request.Agent,
  pairs: readonly (readonly [text: string, query: string])[],
  ids: Map<string, number>,
): Promise<string[]> {
  const missed: string[] = [];
  for (const [text, query] of pairs) {
    const found = (await searchJournal(agent, query)).items.map((e) => e.id);
    if (!found.includes(ids.get(text)!)) missed.push(`${query} → ${text}`);
  }
  return missed;
}

/** "query → what it found" for each query that finds anything. */
export async function wrongMatches(agent: request.Agent, queries: readonly string[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const query of queries) {
    const found = (await searchJournal(agent, query)).items.map((e) => e.description);
    if (found.length) wrong.push(`${query} → ${found.join(' | ')}`);
  }
  return wrong;
}
