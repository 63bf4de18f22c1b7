import { MigrationInterface, QueryRunner } from 'typeorm';

import { APPEND_FUNCTION_V1 } from './1764770000000-event-store';

/**
 * `event_store_append` no longer notifies: a transaction that calls
 * NOTIFY holds the cluster-wide notify lock through its commit flush, so
 * appends to different streams could not share a WAL flush (8 writers ran
 * at the speed of one). The store notifies after the commit instead
 * (`AppendAnnouncer`). Otherwise the function is unchanged.
 */
export const APPEND_FUNCTION_V2 = `
      CREATE OR REPLACE FUNCTION event_store_append(
        p_stream text,
        p_expected text,
        p_events jsonb
      ) RETURNS TABLE (
        next_revision bigint,
        transaction_id xid8,
        global_position bigint
      ) LANGUAGE plpgsql AS $fn$
      DECLARE
        v_count bigint := jsonb_array_length(p_events);
        v_current bigint;
        v_matches boolean;
        v_inserted bigint;
        v_first bigint;
        v_last_position bigint;
        v_last_offset bigint;
      BEGIN
        -- Before anything that assigns a transaction id (see the class doc).
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));

        SELECT coalesce(max(e.revision), -1) INTO v_current
          FROM event_store_events e WHERE e.stream_name = p_stream;

        v_matches := CASE p_expected
          WHEN 'any' THEN true
          WHEN 'no_stream' THEN v_current = -1
          WHEN 'stream_exists' THEN v_current >= 0
          ELSE v_current = p_expected::bigint
        END;

        IF v_matches THEN
          WITH inserted AS (
            INSERT INTO event_store_events
              (stream_name, revision, event_id, event_type, data, metadata)
            SELECT p_stream, v_current + e.ord, (e.doc ->> 'id')::uuid,
                   e.doc ->> 'type', e.doc -> 'data', e.doc -> 'metadata'
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(doc, ord)
             ORDER BY e.ord
            ON CONFLICT DO NOTHING
            RETURNING event_store_events.global_position
          )
          SELECT count(*), max(i.global_position)
            INTO v_inserted, v_last_position FROM inserted i;

          IF v_inserted = v_count THEN
            RETURN QUERY SELECT v_current + v_count, pg_current_xact_id(),
                                v_last_position;
            RETURN;
          END IF;
          IF v_inserted > 0 THEN
            -- Some ids already exist: a partial overlap; undo the rest.
            RAISE EXCEPTION 'event ids already appended elsewhere'
              USING ERRCODE = 'ES409', DETAIL = v_current::text;
          END IF;
        END IF;

        -- A retry of an earlier append succeeds when every id is already in
        -- this stream, in order, right after the expected revision.
        SELECT count(*), min(e.revision - ids.ord), max(e.revision - ids.ord)
          INTO v_inserted, v_first, v_last_offset
          FROM unnest(ARRAY(SELECT (d ->> 'id')::uuid
                              FROM jsonb_array_elements(p_events) d))
               WITH ORDINALITY AS ids(id, ord)
          JOIN event_store_events e
            ON e.event_id = ids.id AND e.stream_name = p_stream;
        v_first := v_first + 1;

        v_matches := v_inserted = v_count AND v_first = v_last_offset + 1 AND
          CASE p_expected
            WHEN 'any' THEN true
            WHEN 'no_stream' THEN v_first = 0
            WHEN 'stream_exists' THEN v_first > 0
            ELSE v_first = p_expected::bigint + 1
          END;
        IF v_matches THEN
          RETURN QUERY SELECT e.revision, e.transaction_id, e.global_position
            FROM event_store_events e
           WHERE e.stream_name = p_stream
             AND e.revision = v_first + v_count - 1;
          RETURN;
        END IF;

        RAISE EXCEPTION 'stream is not at the expected revision'
          USING ERRCODE = 'ES409', DETAIL = v_current::text;
      END
      $fn$`;

export class AppendNotifiesAfterCommit1764770800000 implements MigrationInterface {
  name = 'AppendNotifiesAfterCommit1764770800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(APPEND_FUNCTION_V2);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(APPEND_FUNCTION_V1);
  }
}
