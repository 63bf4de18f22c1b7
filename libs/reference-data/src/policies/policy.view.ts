import { ApiProperty } from '@nestjs/swagger';

import { InventoryPolicy } from './inventory-policy';
import { POLICY_TYPES } from './policy-type';
import type { PolicyType } from './policy-type';

export class PolicyView {
  @ApiProperty({ format: 'uuid', description: 'Our id; use it to select.' })
  id!: string;

  @ApiProperty({ description: 'The Graph object id.' })
  graphId!: string;

  @ApiProperty({ enum: POLICY_TYPES })
  policyType!: PolicyType;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '#microsoft.graph.windows10GeneralConfiguration',
  })
  odataType!: string | null;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ format: 'date-time' })
  lastSeenAt!: string;

  static of(policy: InventoryPolicy): PolicyView {
    return {
      id: policy.id,
      graphId: policy.graphId,
      policyType: policy.policyType,
      odataType: policy.odataType,
      displayName: policy.displayName,
      lastSeenAt: policy.lastSeenAt.toISOString(),
    };
  }
}

export class PolicyPage {
  @ApiProperty({ type: [PolicyView] })
  items!: PolicyView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
