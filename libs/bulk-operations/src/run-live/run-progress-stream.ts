import type { MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';

import { isFinished, RunProgress, sameProgress } from './run-progress';

export interface RunProgressStreamOptions {
  /** How often the read model is polled. */
  readonly pollMs: number;
  /** How often a comment is sent so proxies keep an idle stream open. */
  readonly heartbeatMs: number;
}

/**
 * Server-sent events of one run: a `progress` event with `initial`, then
 * one whenever a poll of `read` finds the progress changed; once the run
 * has finished, a `finished` event and the end of the stream. A poll that
 * finds no run (a read model being rebuilt) changes nothing.
 * Unsubscribing stops the timers, and a poll in flight is ignored.
 */
export function runProgressStream(
  initial: RunProgress,
  read: () => Promise<RunProgress | null>,
  options: RunProgressStreamOptions,
): Observable<MessageEvent> {
  return new Observable<MessageEvent>((subscriber) => {
    let last = initial;
    let poll: NodeJS.Timeout | undefined;

    const publish = (progress: RunProgress) => {
      subscriber.next({ type: 'progress', data: progress });
      if (isFinished(progress)) {
        subscriber.next({ type: 'finished', data: progress });
        subscriber.complete();
      }
    };
    const tick = async () => {
      try {
        const next = await read();
        if (subscriber.closed) return;
        if (next && !sameProgress(last, next)) {
          last = next;
          publish(next);
        }
      } catch (error) {
        subscriber.error(error);
      }
      if (!subscriber.closed) poll = setTimeout(tick, options.pollMs);
    };

    const heartbeat = setInterval(
      () => subscriber.next({ comment: 'heartbeat' }),
      options.heartbeatMs,
    );
    publish(initial);
    if (!subscriber.closed) poll = setTimeout(tick, options.pollMs);

    return () => {
      clearTimeout(poll);
      clearInterval(heartbeat);
    };
  });
}
