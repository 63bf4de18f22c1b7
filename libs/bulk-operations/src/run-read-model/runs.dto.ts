import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { POSITION_PATTERN } from '@app/event-store';

import type { RunStatus } from '../run-state';
import { RunItemView, RunView } from './run-views';

const STATUSES: RunStatus[] = [
  'pending',
  'running',
  'completed',
  'completed_with_errors',
  'failed',
];

export class PageQuery {
  @ApiPropertyOptional({ description: 'From the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ListRunsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: RunStatus;
}

export class RunQuery {
  @ApiPropertyOptional({
    description:
      'A position from a command response: wait up to 5 s for the read model to include it.',
  })
  @IsOptional()
  @IsString()
  @Matches(POSITION_PATTERN, {
    message: 'after must be a position returned by a command',
  })
  after?: string;
}

export class RunPage {
  @ApiProperty({ type: [RunView] }) items!: RunView[];
  @ApiPropertyOptional() nextCursor!: string | null;
}

export class RunItemPage {
  @ApiProperty({ type: [RunItemView] }) items!: RunItemView[];
  @ApiPropertyOptional() nextCursor!: string | null;
}
