import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsOptional,
  IsUUID,
} from 'class-validator';

/** Hard bound before the configurable limit is checked (413 above it). */
const ABSOLUTE_MAX_IDS = 100_000;

export class AddPoliciesBody {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'Inventory ids of the policies to capture; duplicates are folded. At most MAX_POLICIES_PER_RUN (default 1,000).',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ABSOLUTE_MAX_IDS)
  @IsUUID('all', { each: true })
  policyIds!: string[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  includeAssignments?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  includeScopeTags?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  includeFoundations?: boolean;
}

export class RunLinks {
  @ApiProperty({
    example: '/v1/tenants/7b0c.../runs/0f1e...?after=000...',
    description:
      'The run. Its `after` parameter makes the read wait briefly for this command to be projected.',
  })
  run!: string;
}

export class AddPoliciesAccepted {
  @ApiProperty({ format: 'uuid' }) runId!: string;
  @ApiProperty({ enum: ['pending', 'running'] }) status!: string;
  @ApiProperty({
    description: 'True when an identical selection was already running.',
  })
  reused!: boolean;
  @ApiProperty() links!: RunLinks;
}
