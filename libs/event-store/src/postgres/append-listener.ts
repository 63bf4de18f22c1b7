import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { AppendSignal } from './append-signal';
import { APPEND_CHANNEL } from './postgres-sql';

const MAX_BACKOFF_MS = 5_000;

/**
 * One LISTEN connection per store that turns append notifications into
 * {@link AppendSignal}s. Notifications from its own store (payload
 * `origin`) are skipped: the store signalled when it appended. It
 * reconnects with backoff when the connection drops; meanwhile
 * subscriptions fall back to polling.
 */
export class AppendListener {
  private readonly logger = new Logger(AppendListener.name);
  private client?: Client;
  private started = false;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly signal: AppendSignal,
    private readonly origin: string,
  ) {}

  /** Starts listening in the background on first call. */
  ensureStarted(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt += 1) {
      const client = new Client({
        connectionString: this.connectionString,
        application_name: 'bulkops-event-store-listener',
      });
      client.on('error', (error) =>
        this.logger.warn(`listener connection failed: ${error.message}`),
      );
      try {
        await client.connect();
        await client.query(`LISTEN ${APPEND_CHANNEL}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        this.logger.warn(
          `cannot listen for appends (attempt ${attempt}): ${(error as Error).message}`,
        );
        await delay(Math.min(100 * 2 ** attempt, MAX_BACKOFF_MS));
        continue;
      }
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      client.on('notification', ({ payload }) => {
        if (payload !== this.origin) this.signal.notify();
      });
      client.once('end', () => {
        if (this.stopped) return;
        this.client = undefined;
        this.logger.warn('listener connection ended; reconnecting');
        void this.connect();
      });
      this.client = client;
      // Appends may have happened while nobody listened.
      this.signal.notify();
      return;
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
