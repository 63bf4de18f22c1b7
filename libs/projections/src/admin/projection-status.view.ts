import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { ProjectionState } from '../checkpoint-store';

export class RebuildStatusView {
  @ApiProperty({ enum: ['rebuilding', 'stopped'] }) state!: string;
  @ApiProperty() position!: string;
  @ApiProperty() eventsApplied!: number;
  @ApiPropertyOptional({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() updatedAt!: string;
}

export class ProjectionStatusView {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['catching_up', 'live', 'stopped', 'rebuilding'] })
  state!: ProjectionState;
  @ApiProperty({ description: 'Opaque position of the last applied event.' })
  position!: string;
  @ApiProperty() eventsApplied!: number;
  @ApiPropertyOptional({ type: Number, nullable: true }) lagEvents!:
    number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) lagSeconds!:
    number | null;
  @ApiPropertyOptional({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() running!: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) updatedAt!:
    string | null;
  @ApiPropertyOptional({ type: RebuildStatusView, nullable: true })
  rebuild!: RebuildStatusView | null;
}

export class ProjectionStatusList {
  @ApiProperty({ type: [ProjectionStatusView] }) items!: ProjectionStatusView[];
}

export class RebuildAccepted {
  @ApiProperty() projection!: string;
  @ApiProperty({ enum: ['rebuilding'] }) state!: 'rebuilding';
  @ApiProperty({ example: { status: '/v1/admin/projections' } })
  links!: { status: string };
}
