import { MigrationInterface, QueryRunner } from 'typeorm';

/** Windows app protection policies join the inventory's policy types. */
export class WindowsAppProtection1764770700000 implements MigrationInterface {
  name = 'WindowsAppProtection1764770700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TYPE policy_type ADD VALUE IF NOT EXISTS 'appProtectionWindows'
         AFTER 'appProtectionAndroid'`,
    );
  }

  async down(): Promise<void> {
    // PostgreSQL cannot drop an enum value; the extra value is harmless.
  }
}
