import { INestApplication, ModuleMetadata, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { configureHttpApp } from '@app/http';
import { Role, TokenIssuer } from '@app/identity';
import {
  createTestDatabase,
  TestDatabase,
  testRedisPrefix,
} from '@app/testing';

import { ApiModule } from '../../apps/api/src/api.module';

export interface TestApp {
  readonly app: INestApplication;
  readonly db: TestDatabase;
  readonly redisPrefix: string;
  /** A bearer token for `userId` with these tenant roles. */
  token(tenants: [string, Role][], userId?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly runProjections?: boolean;
  readonly env?: Record<string, string>;
  /** Extra controllers that exist only in the test. */
  readonly controllers?: Type[];
  /** Extra modules, e.g. a worker-side one to run its jobs in the test. */
  readonly imports?: ModuleMetadata['imports'];
  /** Providers replaced by test doubles. */
  readonly overrides?: ReadonlyArray<{
    readonly provide: unknown;
    readonly useValue: unknown;
  }>;
}

/**
 * The real API over a database and Redis prefix of the test file's own,
 * with the production HTTP pipeline.
 */
export async function startTestApp(
  label: string,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const db = await createTestDatabase(label);
  const redis = testRedisPrefix(label);
  let builder = Test.createTestingModule({
    imports: [
      ApiModule.forRoot({
        env: {
          DATABASE_URL: db.url,
          REDIS_PREFIX: redis.prefix,
          LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
          ...options.env,
        },
        runProjections: options.runProjections ?? false,
      }),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers ?? [],
  });
  for (const { provide, useValue } of options.overrides ?? []) {
    builder = builder.overrideProvider(provide).useValue(useValue);
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({
    logger: process.env.TEST_LOG_LEVEL ? undefined : false,
  });
  configureHttpApp(app);
  await app.init();

  return {
    app,
    db,
    redisPrefix: redis.prefix,
    token: (tenants, userId = 'user-1') =>
      app.get(TokenIssuer).issue({ userId, tenants }),
    async close() {
      await app.close();
      await db.drop();
      await redis.flush();
    },
  };
}
