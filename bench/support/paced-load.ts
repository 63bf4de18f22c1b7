import { Agent, request as httpRequest } from 'node:http';

export interface PacedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface PacedLoadOptions {
  /** Base URL of the service, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** Requests started per second, evenly spaced. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** Keep-alive connections; requests beyond them wait for one (timed). */
  readonly connections: number;
  /** The next request to send. */
  readonly next: () => PacedRequest;
}

export interface PacedLoadResult {
  /** Milliseconds from each request's scheduled start to its last byte. */
  readonly latenciesMs: readonly number[];
  readonly statuses: Readonly<Record<number, number>>;
  readonly errors: number;
  /** Requests completed per second of the whole run. */
  readonly achievedRate: number;
}

/**
 * Open-loop load at a constant arrival rate: request i is due at
 * start + i / rate whether or not earlier ones have answered, and its
 * latency counts from that due time, so a stalled service shows up in the
 * percentiles instead of slowing the load down (no coordinated omission).
 *
 * autocannon's `overallRate` is not used for this: it sends each
 * connection's quota for the second back to back and then idles, so "800
 * requests/s" arrives as one burst per second.
 */
export async function pacedLoad(
  options: PacedLoadOptions,
): Promise<PacedLoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.connections,
  });
  const total = Math.round(options.rate * options.durationSeconds);
  const interval = 1000 / options.rate;
  const latenciesMs: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const inFlight = new Set<Promise<void>>();

  const send = (due: number, next: PacedRequest): Promise<void> =>
    new Promise<void>((done) => {
      const req = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: next.method,
          path: next.path,
          headers: {
            ...next.headers,
            'content-length': Buffer.byteLength(next.body),
          },
        },
        (res) => {
          res.resume();
          res.once('end', () => {
            latenciesMs.push(performance.now() - due);
            statuses[res.statusCode ?? 0] =
              (statuses[res.statusCode ?? 0] ?? 0) + 1;
            done();
          });
        },
      );
      req.once('error', () => {
        errors++;
        done();
      });
      req.end(next.body);
    });

  const started = performance.now();
  let issued = 0;
  try {
    while (issued < total) {
      const now = performance.now();
      while (issued < total && started + issued * interval <= now) {
        const due = started + issued * interval;
        const pending = send(due, options.next());
        inFlight.add(pending);
        void pending.then(() => inFlight.delete(pending));
        issued++;
      }
      const wait = started + issued * interval - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    latenciesMs,
    statuses,
    errors,
    achievedRate: latenciesMs.length / seconds,
  };
}
