import { connect, Socket } from 'node:net';

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

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;
const FRAMING_HEADERS = new Set(['host', 'content-length']);

/** One HTTP/1.1 request in wire form. */
function encode(host: string, request: PacedRequest): Buffer {
  const body = Buffer.from(request.body);
  // Framing headers are this function's: a duplicate Content-Length is a
  // 400 before the service sees the request.
  const headers = Object.entries(request.headers)
    .filter(([name]) => !FRAMING_HEADERS.has(name.toLowerCase()))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return Buffer.concat([
    Buffer.from(
      `${request.method} ${request.path} HTTP/1.1\r\nhost: ${host}\r\n${headers}content-length: ${body.length}\r\n\r\n`,
    ),
    body,
  ]);
}

/**
 * A keep-alive connection that carries one request at a time and reads
 * responses framed by Content-Length (all the service sends on these
 * routes; anything else counts as an error and closes the connection).
 */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting?: (status: number | null) => void;
  readonly socket: Socket;

  constructor(port: number, host: string, onClose: () => void) {
    this.socket = connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', () => this.settle(null));
    this.socket.on('close', () => {
      this.settle(null);
      onClose();
    });
  }

  send(bytes: Buffer): Promise<number | null> {
    return new Promise((settle) => {
      this.waiting = settle;
      this.socket.write(bytes);
    });
  }

  private read(chunk: Buffer): void {
    this.buffered =
      this.buffered.length === 0
        ? chunk
        : Buffer.concat([this.buffered, chunk]);
    const headerEnd = this.buffered.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = this.buffered.toString('latin1', 0, headerEnd);
    const length = CONTENT_LENGTH.exec(head);
    if (!length) {
      this.socket.destroy();
      return;
    }
    const end = headerEnd + HEADER_END.length + Number(length[1]);
    if (this.buffered.length < end) return;
    this.buffered = this.buffered.subarray(end);
    this.settle(Number(head.slice(9, 12)));
  }

  private settle(status: number | null): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(status);
  }
}

/**
 * Open-loop load at a constant arrival rate: request i is due at
 * start + i / rate whether or not earlier ones have answered, and its
 * latency counts from that due time, so a stalled service shows up in the
 * percentiles instead of slowing the load down (no coordinated omission).
 *
 * It writes requests to raw keep-alive sockets and only frames the
 * answers, so the generator takes little of the CPU it shares with the
 * service (a node:http client took about 0.3 ms per request here).
 * autocannon's `overallRate` is not used: it sends each connection's quota
 * for the second back to back and then idles, so "800 requests/s" arrives
 * as one burst per second.
 */
export async function pacedLoad(
  options: PacedLoadOptions,
): Promise<PacedLoadResult> {
  const target = new URL(options.url);
  const port = Number(target.port);
  const total = Math.round(options.rate * options.durationSeconds);
  const interval = 1000 / options.rate;
  const latenciesMs: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;

  const open = new Set<Connection>();
  const idle: Connection[] = [];
  const queue: { due: number; bytes: Buffer }[] = [];
  const inFlight = new Set<Promise<void>>();
  const newConnection = (): Connection => {
    const connection = new Connection(port, target.hostname, () => {
      open.delete(connection);
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
    });
    open.add(connection);
    return connection;
  };

  const run = async (connection: Connection, due: number, bytes: Buffer) => {
    for (let job: (typeof queue)[number] | undefined = { due, bytes }; job;) {
      const status = await connection.send(job.bytes);
      if (status === null) {
        errors++;
        connection = newConnection();
      } else {
        latenciesMs.push(performance.now() - job.due);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      job = queue.shift();
    }
    idle.push(connection);
  };
  const dispatch = (due: number, bytes: Buffer) => {
    // The longest idle first: a connection the service is about to close
    // as idle is not the one reused the moment it does.
    const connection =
      idle.shift() ??
      (open.size < options.connections ? newConnection() : null);
    if (!connection) {
      queue.push({ due, bytes });
      return;
    }
    const pending = run(connection, due, bytes);
    inFlight.add(pending);
    void pending.then(() => inFlight.delete(pending));
  };

  const started = performance.now();
  let issued = 0;
  try {
    while (issued < total) {
      const now = performance.now();
      while (issued < total && started + issued * interval <= now) {
        dispatch(
          started + issued * interval,
          encode(target.host, options.next()),
        );
        issued++;
      }
      const wait = started + issued * interval - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    }
    while (inFlight.size > 0) await Promise.all(inFlight);
  } finally {
    for (const connection of open) connection.socket.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    latenciesMs,
    statuses,
    errors,
    achievedRate: latenciesMs.length / seconds,
  };
}
