import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { CheckpointStore } from './checkpoint-store';
import {
  ProjectionHost,
  PROJECTIONS_OPTIONS,
  ProjectionsOptions,
} from './projection-host';
import { ReadYourWrites } from './read-your-writes';

@Module({})
export class ProjectionsModule {
  static forRoot(options: ProjectionsOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        CheckpointStore,
        ProjectionHost,
        ReadYourWrites,
        { provide: PROJECTIONS_OPTIONS, useValue: options },
      ],
      exports: [CheckpointStore, ProjectionHost, ReadYourWrites],
    };
  }
}
