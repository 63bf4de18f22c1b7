import { Module } from '@nestjs/common';

import { ReferenceDataModule } from '@app/reference-data';

import { CapturePolicyProcessor } from './capture-policy.processor';
import { CaptureScheduler } from './capture-scheduler';
import { OutcomeCoalescer } from './outcome-coalescer';
import { RunAppender } from './run-appender';
import { RunReconciler } from './run-reconciler';
import { RunSaga } from './run-saga';
import { StreamStateCache } from './stream-state-cache';

/**
 * Runs happen here: the saga that starts them, the capture processor and
 * the reconciler. For worker processes (and the all-in-one local default);
 * needs the queue, Graph and event store modules.
 */
@Module({
  imports: [ReferenceDataModule],
  providers: [
    StreamStateCache,
    RunAppender,
    OutcomeCoalescer,
    CaptureScheduler,
    RunSaga,
    CapturePolicyProcessor,
    RunReconciler,
  ],
  exports: [RunReconciler, CaptureScheduler],
})
export class RunExecutionModule {}
