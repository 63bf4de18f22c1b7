import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { NotFoundError } from '@app/errors';
import { TenantAccess } from '@app/identity';
import { BackupSets } from '@app/reference-data';

import { PageQuery } from '../run-read-model/runs.dto';
import {
  BackupSetItemDetailView,
  BackupSetItemPage,
} from './backup-set-item-views';
import { BackupSetItemsQuery } from './backup-set-items.query';

const DEFAULT_LIMIT = 50;

@ApiTags('backup sets')
@Controller('v1/tenants/:tenantId/backup-sets/:backupSetId/items')
export class BackupSetItemsController {
  constructor(
    private readonly items: BackupSetItemsQuery,
    private readonly backupSets: BackupSets,
  ) {}

  @Get()
  @TenantAccess('read')
  @ApiOperation({
    summary: "A backup set's captured policies",
    description:
      'One item per policy, the latest capture. Eventually consistent with the event log.',
  })
  @ApiOkResponse({ type: BackupSetItemPage })
  async list(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('backupSetId', ParseUUIDPipe) backupSetId: string,
    @Query() query: PageQuery,
  ): Promise<BackupSetItemPage> {
    const set = await this.findSet(tenantId, backupSetId);
    return this.items.list(set.tenantId, set.id, {
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
  }

  @Get(':itemId')
  @TenantAccess('read')
  @ApiOperation({ summary: 'One captured policy with its snapshot' })
  @ApiOkResponse({ type: BackupSetItemDetailView })
  async get(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('backupSetId', ParseUUIDPipe) backupSetId: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
  ): Promise<BackupSetItemDetailView> {
    const set = await this.findSet(tenantId, backupSetId);
    const item = await this.items.findOne(
      set.tenantId,
      set.id,
      itemId.toLowerCase(),
    );
    if (!item) throw new NotFoundError('backup set item', itemId);
    return item;
  }

  /** A deleted set, or one of another tenant, is not found. */
  private async findSet(tenantId: string, backupSetId: string) {
    const set = await this.backupSets.findActive(
      tenantId.toLowerCase(),
      backupSetId.toLowerCase(),
    );
    if (!set) throw new NotFoundError('backup set', backupSetId);
    return set;
  }
}
