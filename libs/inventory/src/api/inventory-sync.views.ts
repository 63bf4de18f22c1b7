import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { POLICY_TYPES } from '@app/reference-data';

import type { SyncState, SyncStatus } from '../jobs/sync-status';

const STATES: SyncState[] = [
  'queued',
  'running',
  'completed',
  'completed_with_errors',
  'failed',
];

export class InventorySyncLinks {
  @ApiProperty({ example: '/v1/tenants/7b0c.../inventory/sync/0f1e...' })
  sync!: string;

  @ApiProperty({ example: '/v1/tenants/7b0c.../policies' })
  policies!: string;
}

export class InventorySyncAccepted {
  @ApiProperty({ format: 'uuid', description: 'The sync to poll.' })
  jobId!: string;

  @ApiProperty({ enum: STATES })
  status!: SyncState;

  @ApiProperty({
    description:
      'True when a sync of the tenant was already queued or running.',
  })
  reused!: boolean;

  @ApiProperty() links!: InventorySyncLinks;
}

export class TypeSyncView {
  @ApiProperty({ enum: POLICY_TYPES }) policyType!: string;
  @ApiProperty() ok!: boolean;
  @ApiPropertyOptional({ description: 'Policies listed.' }) seen?: number;
  @ApiPropertyOptional({ description: 'Policies no longer listed.' })
  vanished?: number;
  @ApiPropertyOptional({ example: 'forbidden' }) code?: string;
  @ApiPropertyOptional() message?: string;
}

export class SyncErrorView {
  @ApiProperty({ example: 'forbidden' }) code!: string;
  @ApiProperty() message!: string;
}

export class InventorySyncView {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ enum: STATES }) status!: SyncState;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiPropertyOptional({
    type: [TypeSyncView],
    description: 'Per policy type, once finished.',
  })
  types?: TypeSyncView[];
  @ApiPropertyOptional({ type: SyncErrorView }) error?: SyncErrorView;

  static of(status: SyncStatus): InventorySyncView {
    return {
      jobId: status.syncId,
      status: status.status,
      requestedBy: status.requestedBy,
      requestedAt: status.requestedAt,
      startedAt: status.startedAt,
      finishedAt: status.finishedAt,
      types: status.types?.map((t) => ({ ...t })),
      error: status.error,
    };
  }
}
