import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of finished work: backup set items and user notifications.
 * Each projection keeps its own small table of the runs it has seen, so it
 * can be rebuilt from the log alone, without the runs read model.
 */
export class RunReadSide1764770650000 implements MigrationInterface {
  name = 'RunReadSide1764770650000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE backup_set_item_runs (
        run_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        backup_set_id uuid NOT NULL
      )`);
    // One row per (backup set, policy): the latest capture wins.
    await db.query(`
      CREATE TABLE backup_set_items (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        backup_set_id uuid NOT NULL,
        policy_id uuid NOT NULL,
        policy_type text NOT NULL,
        snapshot_hash text NOT NULL,
        run_id uuid NOT NULL,
        captured_at timestamptz NOT NULL,
        UNIQUE (tenant_id, backup_set_id, policy_id)
      )`);
    await db.query(`
      CREATE TABLE notification_runs (
        run_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        backup_set_id uuid NOT NULL,
        requested_by text NOT NULL,
        total integer NOT NULL
      )`);
    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        user_id text NOT NULL,
        tenant_id uuid NOT NULL,
        run_id uuid NOT NULL,
        backup_set_id uuid NOT NULL,
        status text NOT NULL
          CHECK (status IN ('completed', 'completed_with_errors', 'failed')),
        total integer NOT NULL,
        succeeded integer,
        failed integer,
        reason_code text,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE INDEX notifications_user_created
        ON notifications (user_id, created_at DESC, id DESC)`);
    // What users did, not what the log says: kept apart from the
    // projection's table so a rebuild never forgets what was read.
    await db.query(`
      CREATE TABLE notification_reads (
        notification_id uuid PRIMARY KEY,
        user_id text NOT NULL,
        read_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE notification_reads');
    await db.query('DROP TABLE notifications');
    await db.query('DROP TABLE notification_runs');
    await db.query('DROP TABLE backup_set_items');
    await db.query('DROP TABLE backup_set_item_runs');
  }
}
