import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

import type { TerminalStatus } from '../run-events';
import { PageQuery } from '../run-read-model/runs.dto';

export class NotificationLinks {
  @ApiProperty({ example: '/v1/tenants/{tenantId}/runs/{runId}' })
  run!: string;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ enum: ['completed', 'completed_with_errors', 'failed'] })
  status!: TerminalStatus;
  @ApiProperty({ example: 'Added 58 of 60 policies to "Nightly"; 2 failed.' })
  text!: string;
  @ApiProperty({ type: NotificationLinks }) links!: NotificationLinks;
  @ApiProperty() read!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() readAt!: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiPropertyOptional() nextCursor!: string | null;
}

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only notifications not yet read.' })
  @IsOptional()
  @Transform(({ value }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  unread?: boolean;
}
