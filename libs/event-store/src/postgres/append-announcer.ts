import { Logger } from '@nestjs/common';
import { Pool } from 'pg';

import { APPEND_CHANNEL } from './postgres-sql';

const ANNOUNCE_SQL = `SELECT pg_notify('${APPEND_CHANNEL}', $1)`;

/**
 * Tells other processes' listeners that appends committed. The
 * notification is sent after the append's commit, never inside it: a
 * transaction that notifies holds PostgreSQL's cluster-wide notify lock
 * through its commit flush, which serialises every appending commit.
 *
 * Announcements coalesce: while one is in flight or within `intervalMs`
 * of the last, any number of appends cause exactly one more. Each is a
 * round trip here and a log read per subscription there, and subscribers
 * read no more often than their live read interval anyway: the store
 * passes that. The payload names the announcing store, whose own listener
 * skips it. A lost announcement (the process dies after the commit) costs
 * readers at most their poll interval.
 */
export class AppendAnnouncer {
  private readonly logger = new Logger(AppendAnnouncer.name);
  private inFlight?: Promise<void>;
  private again = false;

  constructor(
    private readonly pool: Pool,
    private readonly origin: string,
    private readonly intervalMs: number,
  ) {}

  announce(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = this.send();
  }

  /** Resolves when no announcement is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async send(): Promise<void> {
    for (;;) {
      this.again = false;
      const started = performance.now();
      try {
        await this.pool.query(ANNOUNCE_SQL, [this.origin]);
      } catch (error) {
        this.logger.debug(
          `append announcement failed; readers poll instead: ${(error as Error).message}`,
        );
      }
      const wait = this.intervalMs - (performance.now() - started);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (!this.again || this.pool.ended) break;
    }
    this.inFlight = undefined;
  }
}
