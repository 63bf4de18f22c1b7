import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { TenantAccess } from '@app/identity';

import { DEFAULT_PAGE_SIZE } from '../paging/page-query.dto';
import { Tenants } from '../tenants/tenants';
import { ListPoliciesQuery } from './list-policies.query';
import { PolicyInventory } from './policy-inventory';
import { PolicyPage, PolicyView } from './policy.view';

@ApiTags('policies')
@Controller('v1/tenants/:tenantId/policies')
export class PoliciesController {
  constructor(
    private readonly tenants: Tenants,
    private readonly inventory: PolicyInventory,
  ) {}

  @Get()
  @TenantAccess('read')
  @ApiOperation({
    summary: "The tenant's policy inventory",
    description:
      'Policies present at the last sync, ordered by display name. Vanished policies are left out.',
  })
  @ApiOkResponse({ type: PolicyPage })
  async list(
    @Param('tenantId') tenantId: string,
    @Query() query: ListPoliciesQuery,
  ): Promise<PolicyPage> {
    await this.tenants.assertExists(tenantId);
    const page = await this.inventory.search(tenantId, {
      ...query,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { ...page, items: page.items.map((p) => PolicyView.of(p)) };
  }
}
