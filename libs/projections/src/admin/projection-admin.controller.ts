import { Controller, Get, HttpCode, Logger, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { CurrentUser, SupportAccess } from '@app/identity';
import type { AuthenticatedUser } from '@app/identity';

import { ProjectionRebuilds } from './projection-rebuilds';
import { ProjectionStatusService } from './projection-status';
import {
  ProjectionStatusList,
  RebuildAccepted,
} from './projection-status.view';

@ApiTags('admin')
@Controller('v1/admin/projections')
export class ProjectionAdminController {
  private readonly logger = new Logger(ProjectionAdminController.name);

  constructor(
    private readonly status: ProjectionStatusService,
    private readonly rebuilds: ProjectionRebuilds,
  ) {}

  @Get()
  @SupportAccess()
  @ApiOperation({ summary: 'Position, lag and state of every projection' })
  @ApiOkResponse({ type: ProjectionStatusList })
  async list(): Promise<ProjectionStatusList> {
    return { items: await this.status.all() };
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @SupportAccess()
  @ApiOperation({
    summary: 'Rebuild a projection beside its live tables, then swap',
    description:
      'Readers keep the live tables until the swap; progress shows in the status list.',
  })
  @ApiAcceptedResponse({ type: RebuildAccepted })
  @ApiConflictResponse({ description: 'A rebuild of it is already running.' })
  async rebuild(
    @Param('name') name: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<RebuildAccepted> {
    this.logger.log({ projection: name, userId: user.id }, 'rebuild requested');
    await this.rebuilds.start(name, user.id);
    return {
      projection: name,
      state: 'rebuilding',
      links: { status: '/v1/admin/projections' },
    };
  }
}
