// A call's seconds, derived from its stored instants with one rounding rule: each instant is rounded
// to whole seconds from the start, so wait + talk = total always holds. SQL only: the instants are
// merged in SQL (a call's events may come from two instances), and the seconds follow from them.

/** SQL expressions for wait, talk and total from SQL expressions of the three instants. */
export function durationsSql(started: string, answered: string, ended: string) {
  const since = (t: string) => `GREATEST(0, round(extract(epoch FROM ${t} - ${started})))`;
  return {
    wait: `(CASE WHEN ${answered} IS NOT NULL THEN ${since(answered)}
                 WHEN ${ended} IS NOT NULL THEN ${since(ended)} END)::int`,
    total: `(CASE WHEN ${ended} IS NOT NULL THEN ${since(ended)} END)::int`,
    talk: `(CASE WHEN ${answered} IS NOT NULL AND ${ended} IS NOT NULL
                 THEN GREATEST(0, ${since(ended)} - ${since(answered)}) END)::int`,
  };
}

/** SET clause (for `UPDATE calls SET ...`) deriving the seconds from the row's own instants. */
export function durationsSet(started = 'started_at', answered = 'answered_at', ended = 'ended_at'): string {
  const d = durationsSql(started, answered, ended);
  return `wait_seconds = ${d.wait}, talk_seconds = ${d.talk}, total_seconds = ${d.total}`;
}
