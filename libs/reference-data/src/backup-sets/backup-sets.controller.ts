import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { CurrentUser, TenantAccess } from '@app/identity';
import type { AuthenticatedUser } from '@app/identity';

import { DEFAULT_PAGE_SIZE, PageQuery } from '../paging/page-query.dto';
import { Tenants } from '../tenants/tenants';
import { BackupSetPage, BackupSetView } from './backup-set.view';
import { BackupSets } from './backup-sets';
import { CreateBackupSetBody } from './create-backup-set.body';

@ApiTags('backup sets')
@Controller('v1/tenants/:tenantId/backup-sets')
export class BackupSetsController {
  constructor(
    private readonly tenants: Tenants,
    private readonly backupSets: BackupSets,
  ) {}

  @Get()
  @TenantAccess('read')
  @ApiOperation({ summary: 'Live backup sets by name' })
  @ApiOkResponse({ type: BackupSetPage })
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: PageQuery,
  ): Promise<BackupSetPage> {
    await this.tenants.assertExists(tenantId);
    const page = await this.backupSets.list(tenantId, {
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { ...page, items: page.items.map((set) => BackupSetView.of(set)) };
  }

  @Post()
  @TenantAccess('command')
  @ApiOperation({ summary: 'Create a backup set' })
  @ApiCreatedResponse({ type: BackupSetView })
  @ApiBadRequestResponse({ description: 'Malformed body or unknown fields.' })
  @ApiUnprocessableEntityResponse({ description: 'The name is taken.' })
  async create(
    @Param('tenantId') tenantId: string,
    @Body() body: CreateBackupSetBody,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BackupSetView> {
    await this.tenants.assertExists(tenantId);
    const set = await this.backupSets.create(tenantId, body, user.id);
    return BackupSetView.of(set);
  }
}
