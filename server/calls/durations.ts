// A call's seconds, derived from its stored instants with one rounding rule: each instant is rounded
// to whole seconds from the start, so wait + talk = total always holds.

const since = (t: string) => `GREATEST(0, round(extract(epoch FROM ${t} - started_at)))`;

/** SET clause (for `UPDATE calls SET ...`) deriving wait, talk and total from the timestamps. */
export const DURATIONS_SET = `
  wait_seconds = CASE WHEN answered_at IS NOT NULL THEN ${since('answered_at')}::int
                      WHEN ended_at IS NOT NULL THEN ${since('ended_at')}::int END,
  total_seconds = CASE WHEN ended_at IS NOT NULL THEN ${since('ended_at')}::int END,
  talk_seconds = CASE WHEN answered_at IS NOT NULL AND ended_at IS NOT NULL
                      THEN GREATEST(0, ${since('ended_at')} - ${since('answered_at')})::int END`;
