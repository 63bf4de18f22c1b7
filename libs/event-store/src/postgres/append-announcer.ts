import { Logger } from '@nestjs/common';
import { Pool } from 'pg';

import { APPEND_CHANNEL } from './postgres-sql';

const ANNOUNCE_SQL = `SELECT pg_notify('${APPEND_CHANNEL}', '')`;

/**
 * Tells other processes' listeners that appends committed. The
 * notification is sent after the append's commit, never inside it: a
 * transaction that notifies holds PostgreSQL's cluster-wide notify lock
 * through its commit flush, which serialises every appending commit.
 *
 * Announcements coalesce: while one is in flight, any number of appends
 * cause exactly one more. A lost announcement (the process dies after the
 * commit) costs readers at most their poll interval.
 */
export class AppendAnnouncer {
  private readonly logger = new Logger(AppendAnnouncer.name);
  private inFlight?: Promise<void>;
  private again = false;

  constructor(private readonly pool: Pool) {}

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
    do {
      this.again = false;
      try {
        await this.pool.query(ANNOUNCE_SQL);
      } catch (error) {
        this.logger.debug(
          `append announcement failed; readers poll instead: ${(error as Error).message}`,
        );
      }
    } while (this.again && !this.pool.ended);
    this.inFlight = undefined;
  }
}
