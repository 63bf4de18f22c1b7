import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BackupSetItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) backupSetId!: string;
  @ApiProperty({ format: 'uuid' }) policyId!: string;
  @ApiProperty({ example: 'settingsCatalog' }) policyType!: string;
  @ApiPropertyOptional({
    description: 'From the policy inventory; null when it is unknown.',
  })
  displayName!: string | null;
  @ApiProperty({ description: 'SHA-256 of the snapshot content.' })
  snapshotHash!: string;
  @ApiProperty({ format: 'uuid', description: 'The run that captured it.' })
  runId!: string;
  @ApiProperty() capturedAt!: string;
}

export class SnapshotView {
  @ApiProperty() hash!: string;
  @ApiProperty() policyType!: string;
  @ApiProperty({ description: 'The Graph object id.' }) graphId!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'The normalised policy as captured.' })
  content!: object;
}

export class BackupSetItemDetailView extends BackupSetItemView {
  @ApiPropertyOptional({
    type: SnapshotView,
    description: 'Null only if the snapshot row is missing.',
  })
  snapshot!: SnapshotView | null;
}

export class BackupSetItemPage {
  @ApiProperty({ type: [BackupSetItemView] }) items!: BackupSetItemView[];
  @ApiPropertyOptional() nextCursor!: string | null;
}
