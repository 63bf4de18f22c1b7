import { MigrationInterface, QueryRunner } from 'typeorm';

export class BulkOperationRuns1764770200000 implements MigrationInterface {
  name = 'BulkOperationRuns1764770200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bulk_operation_runs (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        resource text NOT NULL DEFAULT 'backup_set',
        resource_id uuid NOT NULL,
        action text NOT NULL DEFAULT 'add_policies',
        status text NOT NULL CHECK (status IN
          ('pending', 'running', 'completed', 'completed_with_errors', 'failed')),
        idempotency_key text NOT NULL,
        stream_name text NOT NULL,
        item_ids uuid[] NOT NULL,
        options jsonb NOT NULL,
        total integer NOT NULL,
        processed integer NOT NULL DEFAULT 0,
        succeeded integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        failures jsonb NOT NULL DEFAULT '[]',
        failure_reason jsonb,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    // Backs up the stream's guarantee: one active run per selection.
    await db.query(`
      CREATE UNIQUE INDEX bulk_operation_runs_active_key
        ON bulk_operation_runs (tenant_id, idempotency_key)
        WHERE status IN ('pending', 'running')`);
    await db.query(`
      CREATE INDEX bulk_operation_runs_tenant_created
        ON bulk_operation_runs (tenant_id, created_at DESC, id DESC)`);
    await db.query(`
      CREATE INDEX bulk_operation_runs_tenant_status_created
        ON bulk_operation_runs (tenant_id, status, created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE bulk_operation_run_items (
        run_id uuid NOT NULL REFERENCES bulk_operation_runs (id),
        policy_id uuid NOT NULL,
        tenant_id uuid NOT NULL,
        status text NOT NULL
          CHECK (status IN ('pending', 'captured', 'failed', 'skipped')),
        policy_type text,
        snapshot_hash text,
        reason_code text,
        message text,
        attempts integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (run_id, policy_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE bulk_operation_run_items');
    await db.query('DROP TABLE bulk_operation_runs');
  }
}
