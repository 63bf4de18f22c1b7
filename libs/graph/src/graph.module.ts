import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '@app/config';
import { RedisConnection } from '@app/redis';

import { CaptureStrategyRegistry } from './capture/capture-strategy-registry';
import { PolicyCaptureService } from './capture/policy-capture.service';
import { GraphCredentialsSource } from './client/auth/graph-credentials-source';
import {
  GraphClientOptions,
  graphClientOptionsFrom,
} from './client/graph-client-options';
import { GraphClientFactory } from './client/graph-client.factory';
import { RedisRateLimiter } from './client/rate-limit/redis-rate-limiter';
import { TenantRateLimiter } from './client/rate-limit/tenant-rate-limiter';
import { SnapshotStore } from './snapshot/snapshot-store';

/** Injection token of the resolved {@link GraphClientOptions}. */
export const GRAPH_CLIENT_OPTIONS = Symbol('GRAPH_CLIENT_OPTIONS');

/**
 * Optional provider of client options that need injection (metrics hooks,
 * a `fetch` that tags requests); applied under `clientOptions`.
 */
export const GRAPH_CLIENT_INSTRUMENTATION = Symbol(
  'GRAPH_CLIENT_INSTRUMENTATION',
);

export interface GraphModuleOptions {
  /** Where tenants' credentials come from (the tenants table). */
  readonly credentialsSource: Type<GraphCredentialsSource>;
  /** Modules the credentials source needs. */
  readonly imports?: ModuleMetadata['imports'];
  /** Overrides of the options derived from `AppConfig` (tests, metrics hooks). */
  readonly clientOptions?: Partial<GraphClientOptions>;
}

/**
 * The Graph client factory, policy capture and the snapshot store. Needs
 * the global `AppConfig`, `RedisConnection` (the shared rate limit) and a
 * TypeORM `DataSource`.
 */
@Module({})
export class GraphModule {
  static forRoot(options: GraphModuleOptions): DynamicModule {
    return {
      module: GraphModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: GraphCredentialsSource,
          useClass: options.credentialsSource,
        },
        {
          provide: GRAPH_CLIENT_OPTIONS,
          inject: [
            AppConfig,
            { token: GRAPH_CLIENT_INSTRUMENTATION, optional: true },
          ],
          useFactory: (
            config: AppConfig,
            instrumentation?: Partial<GraphClientOptions>,
          ) =>
            graphClientOptionsFrom(config, {
              ...instrumentation,
              ...options.clientOptions,
            }),
        },
        {
          provide: TenantRateLimiter,
          inject: [RedisConnection, GRAPH_CLIENT_OPTIONS],
          useFactory: (redis: RedisConnection, client: GraphClientOptions) =>
            new RedisRateLimiter(redis.client, {
              limit: client.rateLimit,
              windowMs: client.rateWindowMs,
              keyFor: (tenantId) => redis.key('graph-rate', tenantId),
              hooks: client.hooks,
            }),
        },
        {
          provide: GraphClientFactory,
          inject: [
            GRAPH_CLIENT_OPTIONS,
            GraphCredentialsSource,
            TenantRateLimiter,
          ],
          useFactory: (
            client: GraphClientOptions,
            credentials: GraphCredentialsSource,
            limiter: TenantRateLimiter,
          ) => new GraphClientFactory(client, credentials, limiter),
        },
        {
          provide: CaptureStrategyRegistry,
          useValue: new CaptureStrategyRegistry(),
        },
        {
          provide: PolicyCaptureService,
          inject: [GraphClientFactory, CaptureStrategyRegistry],
          useFactory: (
            clients: GraphClientFactory,
            registry: CaptureStrategyRegistry,
          ) => new PolicyCaptureService(clients, registry),
        },
        {
          provide: SnapshotStore,
          inject: [DataSource],
          useFactory: (db: DataSource) => new SnapshotStore(db),
        },
      ],
      exports: [
        GraphClientFactory,
        PolicyCaptureService,
        CaptureStrategyRegistry,
        SnapshotStore,
        TenantRateLimiter,
      ],
    };
  }
}
