import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first `event_store_append`: it notified inside the appending
 * transaction (replaced by `AppendNotifiesAfterCommit1764770800000`).
 *
 * p_expected: 'no_stream' | 'stream_exists' | 'any' | a revision.
 * p_events: [{id, type, data, metadata}, ...], validated by the caller.
 * Conflicts raise SQLSTATE ES409 with the stream's revision (-1 when it
 * does not exist) as DETAIL; nothing is written then.
 */
export const APPEND_FUNCTION_V1 = `
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
            PERFORM pg_notify('event_store_appended', '');
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

/**
 * The PostgreSQL event store: one events table and one append function.
 *
 * Readers order the log by (transaction_id, global_position) and only read
 * transactions below the snapshot's xmin, so a sequence value taken by a
 * transaction that commits late is never skipped. Appends to one stream are
 * serialised by a transaction-level advisory lock taken before the
 * transaction gets its id, so a later append to a stream always has a
 * larger transaction id than an earlier one (stream order holds in the
 * global order).
 */
export class EventStore1764770000000 implements MigrationInterface {
  name = 'EventStore1764770000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE event_store_events (
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        global_position bigint GENERATED ALWAYS AS IDENTITY,
        stream_name text NOT NULL,
        revision bigint NOT NULL CHECK (revision >= 0),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        tenant_id text GENERATED ALWAYS AS (metadata ->> 'tenantId') STORED,
        schema_version integer
          GENERATED ALWAYS AS ((metadata ->> 'schemaVersion')::integer) STORED,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (transaction_id, global_position),
        CONSTRAINT event_store_events_event_id_key UNIQUE (event_id),
        CONSTRAINT event_store_events_stream_revision_key
          UNIQUE (stream_name, revision)
      )`);
    await db.query(`
      CREATE INDEX event_store_events_tenant_idx
        ON event_store_events (tenant_id, transaction_id, global_position)`);

    await db.query(APPEND_FUNCTION_V1);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION event_store_append(text, text, jsonb)');
    await db.query('DROP TABLE event_store_events');
  }
}
