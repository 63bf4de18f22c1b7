import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { NotFoundError } from '@app/errors';
import { CurrentUser, TenantAccess } from '@app/identity';
import type { AuthenticatedUser } from '@app/identity';
import { CommandThrottlerGuard } from '@app/rate-limit';
import { Tenants } from '@app/reference-data';

import { InventorySyncRequests } from '../jobs/inventory-sync-requests';
import { SyncStatusStore } from '../jobs/sync-status-store';
import {
  InventorySyncAccepted,
  InventorySyncView,
} from './inventory-sync.views';

@ApiTags('policies')
@Controller('v1/tenants/:tenantId/inventory/sync')
export class InventorySyncController {
  constructor(
    private readonly tenants: Tenants,
    private readonly requests: InventorySyncRequests,
    private readonly statuses: SyncStatusStore,
  ) {}

  @Post()
  @UseGuards(CommandThrottlerGuard)
  @HttpCode(HttpStatus.ACCEPTED)
  @TenantAccess('command')
  @ApiOperation({
    summary: "Sync the tenant's policy inventory from Graph",
    description:
      'Queues a sync, or joins the one already queued or running (`reused: true`). Answers at once; poll `links.sync`.',
  })
  @ApiAcceptedResponse({ type: InventorySyncAccepted })
  async requestSync(
    @Param('tenantId') tenantId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<InventorySyncAccepted> {
    const tenant = tenantId.toLowerCase();
    await this.tenants.assertExists(tenant);
    const { status, reused } = await this.requests.request(tenant, user.id);
    return {
      jobId: status.syncId,
      status: status.status,
      reused,
      links: {
        sync: `/v1/tenants/${tenant}/inventory/sync/${status.syncId}`,
        policies: `/v1/tenants/${tenant}/policies`,
      },
    };
  }

  @Get(':syncId')
  @TenantAccess('read')
  @ApiOperation({ summary: 'One inventory sync, kept for a day' })
  @ApiOkResponse({ type: InventorySyncView })
  async getSync(
    @Param('tenantId') tenantId: string,
    @Param('syncId', ParseUUIDPipe) syncId: string,
  ): Promise<InventorySyncView> {
    const status = await this.statuses.get(
      tenantId.toLowerCase(),
      syncId.toLowerCase(),
    );
    if (!status) throw new NotFoundError('inventory sync', syncId);
    return InventorySyncView.of(status);
  }
}
