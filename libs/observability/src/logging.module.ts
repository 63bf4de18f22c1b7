import {
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

import { AppConfig } from '@app/config';

import { AccessLogMiddleware } from './access-log.middleware';
import { CorrelationContext } from './correlation/correlation-context';
import { CorrelationModule } from './correlation/correlation.module';

export { requestId } from './correlation/request-id';

/** Paths pino replaces with `[redacted]` wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.secret',
  '*.accessToken',
  '*.access_token',
  '*.token',
];

/**
 * Where log lines go instead of stdout; tests provide it from a global
 * module to read what the service logged.
 */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/**
 * Structured logging with pino: JSON in production, readable in
 * development, secrets redacted, and the correlation ids of the current
 * async context on every line (requests, jobs, event reactions).
 */
@Module({
  imports: [
    CorrelationModule,
    LoggerModule.forRootAsync({
      imports: [CorrelationModule],
      inject: [
        AppConfig,
        CorrelationContext,
        { token: LOG_DESTINATION, optional: true },
      ],
      useFactory: (
        config: AppConfig,
        correlation: CorrelationContext,
        destination?: DestinationStream,
      ) => {
        const options = {
          level: config.logLevel,
          // A copy: pino merges each line's fields into what the mixin
          // returns, and the ids in async context must not collect them.
          mixin: () => {
            const ids = correlation.current();
            return ids
              ? {
                  correlationId: ids.correlationId,
                  causationId: ids.causationId,
                }
              : {};
          },
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // Applied after pino-http's own: a request line keeps these.
          serializers: {
            req: ({ id, method, url }: Record<string, unknown>) => ({
              id,
              method,
              url,
            }),
            res: ({ statusCode }: Record<string, unknown>) => ({ statusCode }),
          },
          transport:
            config.logFormat === 'pretty' && !destination
              ? { target: 'pino-pretty', options: { singleLine: true } }
              : undefined,
        };
        return {
          pinoHttp: destination ? [options, destination] : options,
          // No pino-http middleware: it built two child loggers and a
          // second async context per request (about a fifth of a
          // command's CPU here). The mixin adds the request's ids to every
          // line, and AccessLogMiddleware writes the request lines.
          forRoutes: [],
        };
      },
    }),
  ],
  exports: [CorrelationModule],
})
export class LoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(AccessLogMiddleware)
      .forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
