import { ApiProperty } from '@nestjs/swagger';

import { BackupSet } from './backup-set';

export class BackupSetView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ description: 'User id of the creator.' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static of(set: BackupSet): BackupSetView {
    return {
      id: set.id,
      tenantId: set.tenantId,
      name: set.name,
      description: set.description,
      createdBy: set.createdBy,
      createdAt: set.createdAt.toISOString(),
    };
  }
}

export class BackupSetPage {
  @ApiProperty({ type: [BackupSetView] })
  items!: BackupSetView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
