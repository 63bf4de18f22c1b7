import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';

import { TenantEntity } from '../tenants/tenant.entity';

import { POLICY_TYPES } from './policy-type';
import type { PolicyType } from './policy-type';

@Entity('policy_inventory')
// Partial indexes for the list order, written by hand in the migration.
@Index('policy_inventory_tenant_order', { synchronize: false })
@Index('policy_inventory_tenant_type_order', { synchronize: false })
@Unique('policy_inventory_graph_object', ['tenantId', 'graphId', 'policyType'])
export class PolicyInventoryEntity {
  /** Our id, stable across syncs; Graph ids are only unique per type. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @ManyToOne(() => TenantEntity, { nullable: false })
  @JoinColumn({
    name: 'tenant_id',
    foreignKeyConstraintName: 'policy_inventory_tenant_id_fkey',
  })
  tenant?: TenantEntity;

  @Column({ name: 'graph_id', type: 'text' })
  graphId!: string;

  @Column({
    name: 'policy_type',
    type: 'enum',
    enum: POLICY_TYPES,
    enumName: 'policy_type',
  })
  policyType!: PolicyType;

  @Column({ name: 'odata_type', type: 'text', nullable: true })
  odataType!: string | null;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({
    name: 'last_seen_at',
    type: 'timestamptz',
    default: () => 'now()',
  })
  lastSeenAt!: Date;

  /** Set when a sync no longer finds the object in Graph. */
  @Column({ name: 'vanished_at', type: 'timestamptz', nullable: true })
  vanishedAt!: Date | null;
}
