/** The channel appends notify (in their transaction) to wake subscribers. */
export const APPEND_CHANNEL = 'event_store_appended';

/** Conflict SQLSTATE raised by `event_store_append` (see the migration). */
export const CONFLICT_SQLSTATE = 'ES409';

export const APPEND_SQL =
  'SELECT next_revision, transaction_id::text, global_position FROM event_store_append($1, $2, $3::jsonb)';

// Read from `event_store_events e`, in the order of `EventRow`, whose
// indexes the rows are read by. ORDER BY must name `e.` columns: a bare
// `transaction_id` there means this list's text column, which would sort
// '1000000' before '999999' and, on a page, skip events for good.
// The time comes as epoch milliseconds: a JavaScript Date holds no finer,
// and parsing the timestamp's text took 7 % of a catch-up read's CPU.
const COLUMNS = `e.transaction_id::text AS transaction_id, e.global_position,
  e.stream_name, e.revision, e.event_id, e.event_type, e.data, e.metadata,
  (extract(epoch FROM e.recorded_at) * 1000)::float8 AS recorded_at_ms`;

export const READ_STREAM_FORWARDS_SQL = `
  SELECT ${COLUMNS} FROM event_store_events e
   WHERE e.stream_name = $1 AND e.revision >= $2
   ORDER BY e.revision LIMIT $3`;

export const READ_STREAM_BACKWARDS_SQL = `
  SELECT ${COLUMNS} FROM event_store_events e
   WHERE e.stream_name = $1 AND e.revision <= $2
   ORDER BY e.revision DESC LIMIT $3`;

/**
 * A page of the log after ($1, $2). Only transactions below the snapshot's
 * xmin are read: every one of them has ended, so no event can later appear
 * before the page's end. Always returns one row: `xmin` and `held_back`
 * (committed events exist that wait for an older transaction) follow the
 * event columns, which are null when the page is empty. The tenant
 * variant takes the tenant as $6 and walks the tenant index.
 */
function readAllSql(tenantCondition: string): string {
  return `
  WITH snapshot AS MATERIALIZED (
    SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin,
           -- Once per page, from the end of the primary key: an EXISTS
           -- here would be planned as a scan, and run once per row.
           (SELECT max(transaction_id) FROM event_store_events) AS newest
  )
  SELECT page.*,
         snapshot.xmin::text AS xmin,
         coalesce(snapshot.newest >= snapshot.xmin, false) AS held_back
    FROM snapshot
    LEFT JOIN LATERAL (
      SELECT ${COLUMNS} FROM event_store_events e
       WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
         AND e.transaction_id < snapshot.xmin
         AND ($3::text[] IS NULL OR e.stream_name ^@ ANY ($3::text[]))
         AND ($4::text[] IS NULL OR e.event_type = ANY ($4::text[]))${tenantCondition}
       ORDER BY e.transaction_id, e.global_position
       LIMIT $5
    ) page ON true`;
}

export const READ_ALL_SQL = readAllSql('');

export const READ_ALL_TENANT_SQL = readAllSql(`
         AND e.tenant_id = $6`);

/**
 * Count and oldest time of the committed matching events after ($1, $2),
 * including those an older open transaction still holds back from readers:
 * they are appended and not yet applied, so they are lag. (The snapshot's
 * xmin is server-wide; a long transaction in any database holds events
 * back, and lag must show it rather than read as zero.)
 */
export const BACKLOG_SQL = `
  SELECT count(*)::int AS events, min(recorded_at) AS oldest
    FROM event_store_events
   WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
     AND ($3::text[] IS NULL OR stream_name ^@ ANY ($3::text[]))
     AND ($4::text[] IS NULL OR event_type = ANY ($4::text[]))
     AND ($5::text IS NULL OR tenant_id = $5)`;

export const STREAM_REVISION_SQL = `
  SELECT coalesce(max(revision), -1) AS revision
    FROM event_store_events WHERE stream_name = $1`;

export const HEAD_POSITION_SQL = `
  SELECT e.transaction_id::text AS transaction_id, e.global_position
    FROM event_store_events e
   WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
   ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1`;
