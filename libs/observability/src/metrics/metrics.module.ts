import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

import { APPEND_OBSERVER } from '@app/event-store';
import { GRAPH_CLIENT_INSTRUMENTATION } from '@app/graph';

import { CorrelationContext } from '../correlation/correlation-context';
import { CaptureMetrics } from './capture-metrics';
import { CommandMetrics } from './command-metrics';
import { EventStoreMetrics } from './event-store-metrics';
import { graphClientInstrumentation } from './graph-instrumentation';
import { GraphMetrics } from './graph-metrics';
import { MetricsController } from './metrics.controller';
import { ProjectionMetricsCollector } from './projection-metrics.collector';
import { QueueMetricsCollector } from './queue-metrics.collector';
import { RunMetrics } from './run-metrics';

/**
 * Prometheus metrics at `/metrics`, in a registry of this application's
 * own (prom-client's default one is per process, and tests run several
 * applications in one). Global: producers inject the instruments they
 * feed; the event store and Graph client pick up their observers through
 * optional tokens. Needs `LoggingModule` (correlation context).
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    CommandMetrics,
    CaptureMetrics,
    RunMetrics,
    GraphMetrics,
    EventStoreMetrics,
    QueueMetricsCollector,
    ProjectionMetricsCollector,
    { provide: APPEND_OBSERVER, useExisting: EventStoreMetrics },
    {
      provide: GRAPH_CLIENT_INSTRUMENTATION,
      inject: [GraphMetrics, CorrelationContext],
      useFactory: (metrics: GraphMetrics, correlation: CorrelationContext) =>
        graphClientInstrumentation(metrics, correlation),
    },
  ],
  exports: [
    Registry,
    CommandMetrics,
    CaptureMetrics,
    RunMetrics,
    APPEND_OBSERVER,
    GRAPH_CLIENT_INSTRUMENTATION,
  ],
})
export class MetricsModule {}
