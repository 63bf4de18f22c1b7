import type { MessageEvent } from '@nestjs/common';
import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

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
   * subscription per client. The stream is written by hand, after the run
   * is found, so an unknown run is always a plain 404 problem, never a
   * stream that carries an error.
   */
  @Get(':runId/live')
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
    @Res() response: Response,
  ): Promise<void> {
    const tenant = tenantId.toLowerCase();
    const run = runId.toLowerCase();
    const initial = await this.progress.find(tenant, run);
    if (!initial) throw new NotFoundError('run', runId);

    response.status(200).set({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    const subscription = runProgressStream(
      initial,
      () => this.progress.find(tenant, run),
      { pollMs: POLL_MS, heartbeatMs: HEARTBEAT_MS },
    ).subscribe({
      next: (event) => response.write(serialize(event)),
      error: () => response.end(serialize({ type: 'error', data: {} })),
      complete: () => response.end(),
    });
    response.on('close', () => subscription.unsubscribe());
  }
}

/** One server-sent event, or a comment line for heartbeats. */
function serialize(event: MessageEvent | { comment: string }): string {
  if ('comment' in event) return `: ${event.comment}\n\n`;
  const type = event.type ? `event: ${event.type}\n` : '';
  return `${type}data: ${JSON.stringify(event.data)}\n\n`;
}
