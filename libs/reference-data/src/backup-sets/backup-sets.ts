import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, QueryFailedError, Repository } from 'typeorm';

import { NotFoundError, UnprocessableError } from '@app/errors';
import { Page, toPage } from '@app/http';

import { decodeNameIdCursor } from '../paging/keyset';
import { isUuid } from '../uuid';
import { BackupSet, NewBackupSet } from './backup-set';
import { BackupSetEntity } from './backup-set.entity';

/**
 * Backup sets, always within one tenant: every query has the tenant id in
 * its WHERE clause, so an id from another tenant is simply not found.
 */
@Injectable()
export class BackupSets {
  private readonly logger = new Logger(BackupSets.name);

  constructor(
    @InjectRepository(BackupSetEntity)
    private readonly rows: Repository<BackupSetEntity>,
  ) {}

  /** The set, unless it is deleted or belongs to another tenant. */
  async findActive(
    tenantId: string,
    backupSetId: string,
  ): Promise<BackupSet | undefined> {
    if (!isUuid(backupSetId)) return undefined;
    const row = await this.rows.findOneBy({
      tenantId,
      id: backupSetId,
      deletedAt: IsNull(),
    });
    return row ? toBackupSet(row) : undefined;
  }

  async findActiveByName(
    tenantId: string,
    name: string,
  ): Promise<BackupSet | undefined> {
    const row = await this.rows
      .createQueryBuilder('b')
      .where('b.tenant_id = :tenantId', { tenantId })
      .andWhere('b.deleted_at IS NULL')
      .andWhere('lower(b.name) = lower(:name)', { name })
      .getOne();
    return row ? toBackupSet(row) : undefined;
  }

  /** Live sets by name, then id. */
  async list(
    tenantId: string,
    { cursor, limit }: { cursor?: string; limit: number },
  ): Promise<Page<BackupSet>> {
    const query = this.rows
      .createQueryBuilder('b')
      .where('b.tenant_id = :tenantId', { tenantId })
      .andWhere('b.deleted_at IS NULL');
    if (cursor) {
      const [name, id] = decodeNameIdCursor(cursor);
      query.andWhere('(b.name, b.id) > (:name, :id)', { name, id });
    }
    const rows = await query
      .orderBy('b.name', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    return toPage(rows.map(toBackupSet), limit, (set) => [set.name, set.id]);
  }

  /**
   * @throws UnprocessableError when a live set of that name (ignoring
   *   case) exists in the tenant.
   * @throws NotFoundError when the tenant does not exist.
   */
  async create(
    tenantId: string,
    set: NewBackupSet,
    createdBy: string,
  ): Promise<BackupSet> {
    const id = randomUUID();
    let inserted: unknown[];
    try {
      // DO NOTHING rather than catching the unique violation: a taken
      // name is an expected outcome, not a failed statement to be logged.
      inserted = await this.rows.query(
        `INSERT INTO backup_sets (id, tenant_id, name, description, created_by)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, lower(name)) WHERE deleted_at IS NULL
         DO NOTHING
         RETURNING id`,
        [id, tenantId, set.name, set.description ?? null, createdBy],
      );
    } catch (error) {
      throw translate(error, tenantId);
    }
    if (inserted.length === 0) {
      throw new UnprocessableError(
        'A backup set with this name already exists.',
        [
          {
            field: 'name',
            message: 'name is already used by another backup set',
          },
        ],
      );
    }
    this.logger.log({ tenantId, backupSetId: id }, 'backup set created');
    return (await this.findActive(tenantId, id)) as BackupSet;
  }

  /** Hides the set from lists and commands; its rows stay for history. */
  async softDelete(tenantId: string, backupSetId: string): Promise<boolean> {
    const result = await this.rows.update(
      { tenantId, id: backupSetId, deletedAt: IsNull() },
      { deletedAt: () => 'now()' },
    );
    return (result.affected ?? 0) > 0;
  }
}

/** The tenant vanished between the route's check and the insert. */
function translate(error: unknown, tenantId: string): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const { code } = error.driverError as { code?: string };
  if (code === '23503') {
    return new NotFoundError('tenant', tenantId, { cause: error });
  }
  return error;
}

function toBackupSet(row: BackupSetEntity): BackupSet {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
  };
}
