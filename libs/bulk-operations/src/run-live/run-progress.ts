import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { RunStatus } from '../run-state';

/** The part of a run a progress display needs; sent as SSE data. */
export class RunProgress {
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({
    enum: [
      'pending',
      'running',
      'completed',
      'completed_with_errors',
      'failed',
    ],
  })
  status!: RunStatus;
  @ApiProperty() total!: number;
  @ApiProperty() processed!: number;
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() skipped!: number;
  @ApiPropertyOptional({ description: 'Reason code of a failed run.' })
  failureCode!: string | null;
}

export function isFinished(progress: RunProgress): boolean {
  return !['pending', 'running'].includes(progress.status);
}

export function sameProgress(a: RunProgress, b: RunProgress): boolean {
  return (
    a.status === b.status &&
    a.processed === b.processed &&
    a.succeeded === b.succeeded &&
    a.failed === b.failed &&
    a.skipped === b.skipped &&
    a.total === b.total
  );
}
