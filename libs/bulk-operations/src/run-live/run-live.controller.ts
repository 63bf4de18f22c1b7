import type { MessageEvent } from '@nestjs/common';
import { Controller, Param, ParseUUIDPipe, Sse } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Observable } from 'rxjs';

import { NotFoundError } from '@app/errors';
import { TenantAccess } from '@app/identity';

import { RunProgress } from './run-progress';
import { runProgressStream } from './run-progress-stream';
import { RunProgressQuery } from './run-progress.query';

const POLL_MS = 250;
const HEARTBEAT_MS = 15_000;

@ApiTags('runs')
@Controller('v1/tenants/:tenantId/runs')
export class RunLiveController {
  constructor(private readonly progress: RunProgressQuery) {}

  /**
   * Polls the runs read model rather than following the event log: it is
   * what `GET .../runs/{runId}` shows, it works in an API process that runs
   * no projections, and a poll by primary key costs less than a log
   * subscription per client.
   */
  @Sse(':runId/live')
  @TenantAccess('read')
  @ApiOperation({
    summary: "A run's progress as server-sent events",
    description:
      'A `progress` event now and on every change, then `finished` with the terminal status, then the stream ends. A comment every 15 s keeps it open.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: RunProgress, description: 'Data of each event.' })
  async live(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Param('runId', ParseUUIDPipe) runId: string,
  ): Promise<Observable<MessageEvent>> {
    const tenant = tenantId.toLowerCase();
    const run = runId.toLowerCase();
    const initial = await this.progress.find(tenant, run);
    if (!initial) throw new NotFoundError('run', runId);
    return runProgressStream(initial, () => this.progress.find(tenant, run), {
      pollMs: POLL_MS,
      heartbeatMs: HEARTBEAT_MS,
    });
  }
}
