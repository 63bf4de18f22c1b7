import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';

import { AppConfig } from '@app/config';
import { RequestWithUser, USER_KEY } from '@app/identity';

import { RedisThrottlerStorage } from './redis-throttler-storage';

const MINUTE_MS = 60_000;

@Module({
  providers: [RedisThrottlerStorage],
  exports: [RedisThrottlerStorage],
})
class ThrottlerStorageModule {}

/**
 * Budgets for commands, per user and per tenant, shared by all API
 * processes through Redis. Routes opt in with
 * `@UseGuards(CommandThrottlerGuard)`; the authentication guard runs
 * first, so the user is known.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [ThrottlerStorageModule],
      inject: [AppConfig, RedisThrottlerStorage],
      useFactory: (config: AppConfig, storage: RedisThrottlerStorage) => ({
        storage,
        errorMessage: 'Too many commands; wait a moment and try again.',
        throttlers: [
          {
            name: 'user',
            ttl: MINUTE_MS,
            limit: config.commandsPerUserPerMinute,
            getTracker: (req: RequestWithUser) =>
              req[USER_KEY]?.id ?? 'anonymous',
          },
          {
            name: 'tenant',
            ttl: MINUTE_MS,
            limit: config.commandsPerTenantPerMinute,
            getTracker: (req: { params?: { tenantId?: string } }) =>
              req.params?.tenantId?.toLowerCase() ?? 'none',
          },
        ],
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class CommandRateLimitModule {}
