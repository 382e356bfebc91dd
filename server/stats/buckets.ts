// The bucket of a support-line call, written once: the statistics count by it and the calls list
// filters by it (a tile drills down to exactly the calls it counts).

/**
 * Answered; else outside working time; else a short abandon (gave up within `short` seconds, an SQL
 * parameter); else abandoned in a queue; else missed. One per call: they add up to offered.
 */
export const bucketSql = (c: string, short: string) => `CASE WHEN ${c}.answered_at IS NOT NULL THEN 'answered'
  WHEN ${c}.after_hours THEN 'after_hours'
  WHEN COALESCE(${c}.wait_seconds, 0) < ${short} THEN 'short_abandoned'
  WHEN ${c}.queue IS NOT NULL THEN 'abandoned'
  ELSE 'missed' END`;

/** The calls the statistics count: inbound, on a support line, answered or over. */
export const countedSql = (c: string) =>
  `${c}.direction = 'inbound' AND ${c}.line_id IS NOT NULL AND (${c}.state = 'ended' OR ${c}.answered_at IS NOT NULL)`;

/**
 * A specialist's calls: those they talked on (a leg of the call rang their extension and was taken)
 * or are to call back. `user`: an SQL parameter.
 */
export const specialistCallSql = (c: string, user: string) => `(${c}.callback_owner_id = ${user} OR EXISTS (
  SELECT 1 FROM jsonb_array_elements(${c}.legs) l JOIN user_extensions ue ON ue.extension = l->>'extension'
   WHERE ue.user_id = ${user}))`;
