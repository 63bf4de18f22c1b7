import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';

/** Who started the work (the request) and what directly caused it. */
export interface CorrelationIds {
  readonly correlationId: string;
  readonly causationId: string;
}

/** Where the ids live in the CLS store. */
export const CORRELATION_KEY = 'correlation';

/**
 * The correlation ids of the work in progress, kept in async context so
 * log lines, appended events and Graph calls pick them up without being
 * handed them. HTTP requests get theirs from the request id; jobs and
 * event reactions enter their own with {@link run}.
 */
@Injectable()
export class CorrelationContext {
  constructor(private readonly cls: ClsService) {}

  /** The ids of the current context; `undefined` outside any. */
  current(): CorrelationIds | undefined {
    if (!this.cls.isActive()) return undefined;
    return this.cls.get<CorrelationIds | undefined>(CORRELATION_KEY);
  }

  /** Runs `fn` in a fresh context carrying `ids`. */
  run<T>(ids: CorrelationIds, fn: () => T): T {
    return this.cls.run({ ifNested: 'override' }, () => {
      this.cls.set(CORRELATION_KEY, ids);
      return fn();
    });
  }
}
