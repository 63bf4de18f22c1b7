import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { AppConfig } from '@app/config';

import { assignRequestId } from './correlation/request-id';

/** Levels at which "request completed" lines print. */
const ACCESS_LOG_LEVELS: readonly string[] = ['trace', 'debug', 'info'];
const UNLOGGED = /^\/(health|metrics)/;

/**
 * One "request completed" line per request at info: method, path, status
 * and duration, with the correlation ids the log mixin adds. Above info
 * the line could never print, so requests do not pay for it.
 */
@Injectable()
export class AccessLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('HTTP');
  private readonly enabled: boolean;

  constructor(config: AppConfig) {
    this.enabled = ACCESS_LOG_LEVELS.includes(config.logLevel);
  }

  use(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    if (!this.enabled || UNLOGGED.test(req.url ?? '')) return next();
    assignRequestId(req);
    const started = performance.now();
    // The logger's serializers keep the request's id, method and url and
    // the response's status.
    res.once('finish', () =>
      this.logger.log(
        { req, res, responseTime: Math.round(performance.now() - started) },
        'request completed',
      ),
    );
    next();
  }
}
