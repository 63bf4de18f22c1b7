import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionCheckpoints1764770100000 implements MigrationInterface {
  name = 'ProjectionCheckpoints1764770100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position text NOT NULL,
        state text NOT NULL
          CHECK (state IN ('catching_up', 'live', 'stopped', 'rebuilding')),
        error text,
        events_applied bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE projection_checkpoints');
  }
}
