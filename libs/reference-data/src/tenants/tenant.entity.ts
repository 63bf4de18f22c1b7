import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('tenants')
export class TenantEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'entra_tenant_id', type: 'uuid' })
  entraTenantId!: string;

  @Column({ name: 'graph_client_id', type: 'text' })
  graphClientId!: string;

  /** SecretBox output bound to the tenant id; never selected by default. */
  @Column({
    name: 'graph_client_secret_encrypted',
    type: 'text',
    select: false,
  })
  graphClientSecretEncrypted!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
