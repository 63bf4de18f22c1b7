import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ValidationError } from '@app/errors';
import { decodeCursor, encodeCursor } from '@app/http';
import { TenantAccess } from '@app/identity';

import { toAuditEvent } from './audit-event';
import { RunEventsPageView, RunEventsQuery } from './run-events.dto';
import { RunHistory } from './run-history';

const DEFAULT_LIMIT = 100;

@ApiTags('audit')
@Controller('v1/tenants/:tenantId/runs/:runId/events')
export class RunEventsController {
  constructor(private readonly history: RunHistory) {}

  @Get()
  @TenantAccess('read')
  @ApiOperation({
    summary: "A run's events in order, with their metadata",
    description:
      'From the event log itself, not a read model: every event of the run from its request to its terminal event.',
  })
  @ApiOkResponse({ type: RunEventsPageView })
  async list(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('runId', ParseUUIDPipe) runId: string,
    @Query() query: RunEventsQuery,
  ): Promise<RunEventsPageView> {
    const from = query.cursor ? revisionOf(query.cursor) : undefined;
    const page = await this.history.page(
      tenantId.toLowerCase(),
      runId.toLowerCase(),
      query.limit ?? DEFAULT_LIMIT,
      from,
    );
    return {
      items: page.events.map(toAuditEvent),
      nextCursor: page.next === null ? null : encodeCursor([`${page.next}`]),
    };
  }
}

function revisionOf(cursor: string): bigint {
  const [revision] = decodeCursor<[string]>(cursor, 1);
  if (typeof revision === 'string' && /^\d{1,18}$/.test(revision)) {
    return BigInt(revision);
  }
  throw new ValidationError('The cursor is not valid.', [
    { field: 'cursor', message: 'cursor must be a value returned by this API' },
  ]);
}
