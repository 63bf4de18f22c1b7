import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { NotFoundError } from '@app/errors';
import { SecretBox } from '@app/secrets';

import { GraphCredentials, NewTenant, Tenant } from './tenant';
import { TenantEntity } from './tenant.entity';

/**
 * Tenants and their Graph credentials. The client secret is encrypted
 * before it reaches the database and only {@link Tenants.graphCredentials}
 * decrypts it; nothing else ever reads the column.
 */
@Injectable()
export class Tenants {
  private readonly logger = new Logger(Tenants.name);

  constructor(
    @InjectRepository(TenantEntity)
    private readonly rows: Repository<TenantEntity>,
    private readonly box: SecretBox,
  ) {}

  async create(tenant: NewTenant): Promise<Tenant> {
    const { graphClientSecret, ...rest } = tenant;
    const row = this.rows.create({
      ...rest,
      graphClientSecretEncrypted: this.box.encrypt(
        graphClientSecret,
        tenant.id,
      ),
    });
    await this.rows.insert(row);
    this.logger.log({ tenantId: tenant.id }, 'tenant created');
    return (await this.findById(tenant.id)) as Tenant;
  }

  async findById(tenantId: string): Promise<Tenant | undefined> {
    const row = await this.rows.findOneBy({ id: tenantId });
    return row ? toTenant(row) : undefined;
  }

  /** @throws NotFoundError when the tenant does not exist. */
  async assertExists(tenantId: string): Promise<void> {
    if (!(await this.rows.existsBy({ id: tenantId }))) {
      throw new NotFoundError('tenant', tenantId);
    }
  }

  /**
   * Replaces the Graph app registration and its secret, and the Entra
   * directory when `entraTenantId` is given.
   */
  async updateGraphCredentials(
    tenantId: string,
    clientId: string,
    clientSecret: string,
    entraTenantId?: string,
  ): Promise<void> {
    const result = await this.rows.update(
      { id: tenantId },
      {
        ...(entraTenantId ? { entraTenantId } : {}),
        graphClientId: clientId,
        graphClientSecretEncrypted: this.box.encrypt(clientSecret, tenantId),
      },
    );
    if (!result.affected) throw new NotFoundError('tenant', tenantId);
  }

  /** Decrypted credentials, for the Graph client only. Never log them. */
  async graphCredentials(tenantId: string): Promise<GraphCredentials> {
    const row = await this.rows
      .createQueryBuilder('t')
      .addSelect('t.graphClientSecretEncrypted')
      .where('t.id = :tenantId', { tenantId })
      .getOne();
    if (!row) throw new NotFoundError('tenant', tenantId);
    return {
      entraTenantId: row.entraTenantId,
      clientId: row.graphClientId,
      clientSecret: this.box.decrypt(row.graphClientSecretEncrypted, row.id),
    };
  }
}

function toTenant(row: TenantEntity): Tenant {
  return {
    id: row.id,
    displayName: row.displayName,
    entraTenantId: row.entraTenantId,
    graphClientId: row.graphClientId,
    createdAt: row.createdAt,
  };
}
