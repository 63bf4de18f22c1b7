import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

import { AppConfig } from '@app/config';

import { CorrelationContext } from './correlation/correlation-context';
import { CorrelationModule } from './correlation/correlation.module';
import { assignRequestId } from './correlation/request-id';

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
          genReqId: assignRequestId,
          mixin: () => correlation.current() ?? {},
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          autoLogging: {
            ignore: (req: { url?: string }) =>
              /^\/(health|metrics)/.test(req.url ?? ''),
          },
          customProps: (req: { id?: unknown }) => ({ requestId: req.id }),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
          },
          transport:
            config.logFormat === 'pretty' && !destination
              ? { target: 'pino-pretty', options: { singleLine: true } }
              : undefined,
        };
        return {
          pinoHttp: destination ? [options, destination] : options,
        };
      },
    }),
  ],
  exports: [CorrelationModule],
})
export class LoggingModule {}
