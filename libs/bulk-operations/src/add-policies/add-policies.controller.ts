import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { AuthenticatedUser } from '@app/identity';
import { CurrentUser, TenantAccess } from '@app/identity';
import { CommandThrottlerGuard } from '@app/rate-limit';

import { AddPoliciesCommand } from './add-policies.command';
import { AddPoliciesAccepted, AddPoliciesBody } from './add-policies.dto';

@ApiTags('runs')
@Controller('v1/tenants/:tenantId/backup-sets/:backupSetId')
export class AddPoliciesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('add-policies')
  @UseGuards(CommandThrottlerGuard)
  @HttpCode(HttpStatus.ACCEPTED)
  @TenantAccess('command')
  @ApiOperation({
    summary: 'Add selected policies to a backup set',
    description:
      'Starts a run, or returns the active run of an identical selection (`reused: true`). Answers at once; the run is read from `links.run`.',
  })
  @ApiAcceptedResponse({ type: AddPoliciesAccepted })
  async addPolicies(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('backupSetId', ParseUUIDPipe) backupSetId: string,
    @Body() body: AddPoliciesBody,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<AddPoliciesAccepted> {
    const result = await this.commands.execute(
      new AddPoliciesCommand(
        tenantId.toLowerCase(),
        backupSetId.toLowerCase(),
        body.policyIds,
        {
          includeAssignments: body.includeAssignments ?? false,
          includeScopeTags: body.includeScopeTags ?? false,
          includeFoundations: body.includeFoundations ?? false,
        },
        user.id,
      ),
    );
    const run = `/v1/tenants/${tenantId.toLowerCase()}/runs/${result.runId}`;
    return {
      runId: result.runId,
      status: result.status,
      reused: result.reused,
      links: {
        run: result.position
          ? `${run}?after=${encodeURIComponent(result.position)}`
          : run,
      },
    };
  }
}
