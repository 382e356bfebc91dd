// The one rule for who a phone extension belongs to: the active user it is assigned to.

/** A subquery of (extension, user_id) pairs of active users; use as `FROM ${ACTIVE_EXTENSIONS} ae`. */
export const ACTIVE_EXTENSIONS = `(SELECT e.extension, e.user_id FROM user_extensions e
  JOIN users u ON u.id = e.user_id WHERE u.active)`;
