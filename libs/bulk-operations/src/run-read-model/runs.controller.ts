import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { NotFoundError } from '@app/errors';
import { Position } from '@app/event-store';
import { TenantAccess } from '@app/identity';
import { ReadYourWrites } from '@app/projections';

import { RunView } from './run-views';
import {
  ListRunsQuery,
  PageQuery,
  RunItemPage,
  RunPage,
  RunQuery,
} from './runs.dto';
import { RUNS_PROJECTION } from './runs.projection';
import { RunsQuery } from './runs.query';

const READ_YOUR_WRITE_WAIT_MS = 5000;
const DEFAULT_LIMIT = 50;

@ApiTags('runs')
@Controller('v1/tenants/:tenantId/runs')
export class RunsController {
  constructor(
    private readonly runs: RunsQuery,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @TenantAccess('read')
  @ApiOperation({
    summary: 'Runs, newest first',
    description: 'Eventually consistent with the event log.',
  })
  @ApiOkResponse({ type: RunPage })
  list(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Query() query: ListRunsQuery,
  ): Promise<RunPage> {
    return this.runs.list(tenantId.toLowerCase(), {
      status: query.status,
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
  }

  @Get(':runId')
  @TenantAccess('read')
  @ApiOperation({
    summary: 'One run',
    description:
      'Eventually consistent; pass `after` from the command response to see your own command.',
  })
  @ApiOkResponse({ type: RunView })
  async get(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('runId', ParseUUIDPipe) runId: string,
    @Query() query: RunQuery,
  ): Promise<RunView> {
    if (query.after) {
      await this.readYourWrites.waitFor(
        RUNS_PROJECTION,
        query.after as Position,
        READ_YOUR_WRITE_WAIT_MS,
      );
    }
    const run = await this.runs.findOne(tenantId.toLowerCase(), runId);
    if (!run) throw new NotFoundError('run', runId);
    return run;
  }

  @Get(':runId/items')
  @TenantAccess('read')
  @ApiOperation({ summary: "A run's items and their outcomes" })
  @ApiOkResponse({ type: RunItemPage })
  async items(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('runId', ParseUUIDPipe) runId: string,
    @Query() query: PageQuery,
  ): Promise<RunItemPage> {
    const page = await this.runs.items(tenantId.toLowerCase(), runId, {
      cursor: query.cursor,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    if (!page) throw new NotFoundError('run', runId);
    return page;
  }
}
