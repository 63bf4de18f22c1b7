import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Captured policy snapshots, content-addressed per tenant: the key is the
 * SHA-256 of the canonical content, so the same content is one row.
 * Keyed by (tenant_id, hash) rather than hash alone, so two tenants with
 * identical policies never share (or can read) each other's row.
 */
export class PolicySnapshots1764770450000 implements MigrationInterface {
  name = 'PolicySnapshots1764770450000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE policy_snapshots (
        tenant_id uuid NOT NULL,
        hash char(64) NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
        policy_type text NOT NULL,
        graph_id text NOT NULL,
        content jsonb NOT NULL,
        size_bytes integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, hash)
      )`);
    // Snapshots are immutable: a content change is a new hash, a new row.
    await db.query(`
      CREATE FUNCTION policy_snapshots_immutable() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'policy_snapshots rows are immutable';
      END $$`);
    await db.query(`
      CREATE TRIGGER policy_snapshots_no_update
        BEFORE UPDATE ON policy_snapshots
        FOR EACH ROW EXECUTE FUNCTION policy_snapshots_immutable()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE policy_snapshots');
    await db.query('DROP FUNCTION policy_snapshots_immutable()');
  }
}
