import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class RunEventsQuery {
  @ApiPropertyOptional({ description: 'From the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AuditEventView {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() streamName!: string;
  @ApiProperty({ description: '0-based revision within the stream.' })
  revision!: number;
  @ApiProperty({ description: 'Opaque global position; sorts as a string.' })
  position!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({
    description:
      'tenantId, userId, correlationId, causationId, schemaVersion and any extra keys.',
  })
  metadata!: Record<string, unknown>;
  @ApiProperty({ description: 'The payload, at its current schema version.' })
  data!: unknown;
}

export class RunEventsPageView {
  @ApiProperty({ type: [AuditEventView] }) items!: AuditEventView[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor!: string | null;
}
