import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { PageQuery } from '../paging/page-query.dto';
import { POLICY_TYPES } from './policy-type';
import type { PolicyType } from './policy-type';

export class ListPoliciesQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Case-insensitive substring of the display name.',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: POLICY_TYPES })
  @IsOptional()
  @IsIn(POLICY_TYPES)
  type?: PolicyType;
}
