import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerOptions } from '@nestjs/throttler';

import { BudgetHit, RedisThrottlerStorage } from './redis-throttler-storage';

/** The prefix of every metadata key `@Throttle` and `@SkipThrottle` set. */
const THROTTLER_METADATA = 'THROTTLER:';

/**
 * `ThrottlerGuard` with every budget charged in one Redis round trip: the
 * library's guard calls its storage once per named throttler, one after
 * the other, a round trip each on a command's hot path.
 *
 * Budgets are charged in the library's order and a request refused by one
 * is not charged to the later ones, as the library does. Routes that
 * override throttling with the library's decorators, throttlers with
 * computed limits, skips or ignored user agents, and any other storage take
 * the library's own path.
 */
@Injectable()
export class CommandThrottlerGuard extends ThrottlerGuard {
  private readonly overridden = new WeakMap<object, boolean>();
  /** Set once the options are known: absent, the library's path. */
  private storage?: RedisThrottlerStorage;

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    const { skipIf, ignoreUserAgents } = this.commonOptions;
    if (
      this.storageService instanceof RedisThrottlerStorage &&
      this.throttlers.every(isPlain) &&
      !skipIf &&
      !ignoreUserAgents
    ) {
      this.storage = this.storageService;
    }
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const storage = this.storage;
    if (!storage || this.isOverridden(context)) {
      return super.canActivate(context);
    }

    const { req, res } = this.getRequestResponse(context);
    const generateKey = this.commonOptions.generateKey!;
    const trackers = await Promise.all(
      this.throttlers.map((throttler) =>
        (throttler.getTracker ?? this.commonOptions.getTracker!)(req, context),
      ),
    );
    const budgets: BudgetHit[] = this.throttlers.map((throttler, i) => ({
      name: throttler.name!,
      key: (throttler.generateKey ?? generateKey)(
        context,
        trackers[i],
        throttler.name!,
      ),
      ttlMs: throttler.ttl as number,
      limit: throttler.limit as number,
    }));
    const counts = await storage.incrementAll(budgets);

    for (const [i, count] of counts.entries()) {
      const { name, key, ttlMs: ttl, limit } = budgets[i];
      const suffix = name === 'default' ? '' : `-${name}`;
      const setHeaders =
        this.throttlers[i].setHeaders ?? this.commonOptions.setHeaders ?? true;
      if (count.isBlocked) {
        if (setHeaders) {
          this.setResponseHeader(
            res,
            `Retry-After${suffix}`,
            count.timeToBlockExpire,
          );
        }
        await this.throwThrottlingException(context, {
          ...count,
          limit,
          ttl,
          key,
          tracker: trackers[i],
        });
      }
      if (setHeaders) {
        const prefix = this.headerPrefix;
        this.setResponseHeader(res, `${prefix}-Limit${suffix}`, limit);
        this.setResponseHeader(
          res,
          `${prefix}-Remaining${suffix}`,
          Math.max(0, limit - count.totalHits),
        );
        this.setResponseHeader(
          res,
          `${prefix}-Reset${suffix}`,
          count.timeToExpire,
        );
      }
    }
    return true;
  }

  /** Whether the route or its controller sets throttler metadata. */
  private isOverridden(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let overridden = this.overridden.get(handler);
    if (overridden === undefined) {
      overridden = [handler, context.getClass()].some((target) =>
        Reflect.getMetadataKeys(target).some(
          (key) =>
            typeof key === 'string' && key.startsWith(THROTTLER_METADATA),
        ),
      );
      this.overridden.set(handler, overridden);
    }
    return overridden;
  }
}

function isPlain(throttler: ThrottlerOptions): boolean {
  return (
    typeof throttler.limit === 'number' &&
    typeof throttler.ttl === 'number' &&
    throttler.blockDuration === undefined &&
    !throttler.skipIf &&
    !throttler.ignoreUserAgents
  );
}
