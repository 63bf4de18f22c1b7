import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenants, backup sets and the policy inventory (not event-sourced). */
export class ReferenceData1764770300000 implements MigrationInterface {
  name = 'ReferenceData1764770300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY,
        display_name text NOT NULL,
        entra_tenant_id uuid NOT NULL,
        graph_client_id text NOT NULL,
        graph_client_secret_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE backup_sets (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        name text NOT NULL,
        description text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    // Names are unique per tenant among live sets, ignoring case; the same
    // index serves the list's (name, id) order.
    await db.query(`
      CREATE UNIQUE INDEX backup_sets_tenant_name_live
        ON backup_sets (tenant_id, lower(name)) WHERE deleted_at IS NULL`);
    await db.query(`
      CREATE INDEX backup_sets_tenant_order
        ON backup_sets (tenant_id, name, id) WHERE deleted_at IS NULL`);
    await db.query(`
      CREATE TYPE policy_type AS ENUM (
        'deviceConfiguration', 'settingsCatalog', 'administrativeTemplate',
        'compliancePolicy', 'appProtectionIos', 'appProtectionAndroid',
        'appConfigurationManagedDevice', 'appConfigurationManagedApp',
        'deviceManagementScript', 'deviceShellScript', 'deviceHealthScript',
        'autopilotProfile', 'enrollmentConfiguration', 'featureUpdateProfile',
        'qualityUpdateProfile', 'endpointSecurityIntent')`);
    await db.query(`
      CREATE TABLE policy_inventory (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        graph_id text NOT NULL,
        policy_type policy_type NOT NULL,
        odata_type text,
        display_name text NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        vanished_at timestamptz,
        CONSTRAINT policy_inventory_graph_object
          UNIQUE (tenant_id, graph_id, policy_type)
      )`);
    await db.query(`
      CREATE INDEX policy_inventory_tenant_order
        ON policy_inventory (tenant_id, display_name, id)
        WHERE vanished_at IS NULL`);
    await db.query(`
      CREATE INDEX policy_inventory_tenant_type_order
        ON policy_inventory (tenant_id, policy_type, display_name, id)
        WHERE vanished_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE policy_inventory');
    await db.query('DROP TYPE policy_type');
    await db.query('DROP TABLE backup_sets');
    await db.query('DROP TABLE tenants');
  }
}
