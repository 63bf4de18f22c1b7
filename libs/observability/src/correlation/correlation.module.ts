import { Global, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';

import { CORRELATION_KEY, CorrelationContext } from './correlation-context';
import { assignRequestId } from './request-id';

/**
 * Async context for correlation ids: every HTTP request runs in one whose
 * correlation id is the request id (`x-request-id`, or a new UUID).
 */
@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      global: true,
      middleware: {
        mount: true,
        debug: false,
        // Only the correlation ids are kept: no request object, CLS id,
        // plugins or proxy providers to set up on every request.
        saveReq: false,
        initializePlugins: false,
        resolveProxyProviders: false,
        setup: (cls, req, res) => {
          const id = assignRequestId(req, res);
          cls.set(CORRELATION_KEY, { correlationId: id, causationId: id });
        },
      },
    }),
  ],
  providers: [CorrelationContext],
  exports: [CorrelationContext],
})
export class CorrelationModule {}
