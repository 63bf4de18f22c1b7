import { once } from 'node:events';
import { Writable } from 'node:stream';

import { Injectable } from '@nestjs/common';

import { EventStore, RecordedEvent, START } from '@app/event-store';

import { toAuditEvent } from './audit-event';

export interface TenantExportOptions {
  /** Inclusive. */
  readonly since?: Date;
  /** Exclusive. */
  readonly until?: Date;
  readonly batchSize?: number;
}

/**
 * A tenant's events in global order, a page at a time, up to the head of
 * the log as it was when the export began. Times filter on the recorded
 * time; the whole tenant history is scanned because recorded times are
 * not strictly in log order.
 */
export async function* tenantEvents(
  store: EventStore,
  tenantId: string,
  options: TenantExportOptions = {},
): AsyncGenerator<RecordedEvent> {
  const batchSize = options.batchSize ?? 1_000;
  const head = await store.headPosition();
  let from = START;
  for (;;) {
    const page = await store.readAll({
      from,
      maxCount: batchSize,
      filter: { tenantId },
    });
    for (const event of page) {
      if (event.position > head) return;
      if (options.since && event.recordedAt < options.since) continue;
      if (options.until && event.recordedAt >= options.until) continue;
      yield event;
    }
    if (page.length < batchSize) return;
    from = page[page.length - 1].position;
  }
}

/**
 * Writes events as NDJSON, waiting whenever `out` asks to, so memory
 * stays flat however many events there are.
 * @returns the number of events written.
 */
export async function writeNdjson(
  out: Writable,
  events: AsyncIterable<RecordedEvent>,
): Promise<number> {
  let written = 0;
  for await (const event of events) {
    const line = `${JSON.stringify(toAuditEvent(event))}\n`;
    written++;
    if (!out.write(line)) await once(out, 'drain');
  }
  return written;
}

/** {@link tenantEvents} over the injected store, for the CLI. */
@Injectable()
export class TenantExport {
  constructor(private readonly store: EventStore) {}

  events(
    tenantId: string,
    options: TenantExportOptions = {},
  ): AsyncGenerator<RecordedEvent> {
    return tenantEvents(this.store, tenantId, options);
  }
}
