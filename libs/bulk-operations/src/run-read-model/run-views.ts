import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { RunStatus } from '../run-state';

export class RunFailureView {
  @ApiProperty() policyId!: string;
  @ApiProperty({ example: 'not_found' }) code!: string;
  @ApiProperty() message!: string;
}

export class RunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ example: 'backup_set' }) resource!: string;
  @ApiProperty({ format: 'uuid' }) resourceId!: string;
  @ApiProperty({ example: 'add_policies' }) action!: string;
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
  @ApiProperty() idempotencyKey!: string;
  @ApiProperty({ type: [String] }) itemIds!: string[];
  @ApiProperty() options!: Record<string, boolean>;
  @ApiProperty() total!: number;
  @ApiProperty() processed!: number;
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty({ type: [RunFailureView] }) failures!: RunFailureView[];
  @ApiPropertyOptional() failureReason!: {
    code: string;
    message: string;
  } | null;
  @ApiProperty() requestedBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() startedAt!: string | null;
  @ApiPropertyOptional() completedAt!: string | null;
}

export class RunItemView {
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty({ enum: ['pending', 'captured', 'failed', 'skipped'] })
  status!: string;
  @ApiPropertyOptional() policyType!: string | null;
  @ApiPropertyOptional() snapshotHash!: string | null;
  @ApiPropertyOptional() reasonCode!: string | null;
  @ApiPropertyOptional() message!: string | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() updatedAt!: string;
}
