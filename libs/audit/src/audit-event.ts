import { RecordedEvent } from '@app/event-store';

/** An event as auditors see it: everything recorded, JSON-safe. */
export interface AuditEvent {
  readonly id: string;
  readonly type: string;
  readonly streamName: string;
  readonly revision: number;
  readonly position: string;
  readonly recordedAt: string;
  readonly metadata: Record<string, unknown>;
  readonly data: unknown;
}

export function toAuditEvent(event: RecordedEvent): AuditEvent {
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamName,
    revision: Number(event.revision),
    position: event.position,
    recordedAt: event.recordedAt.toISOString(),
    metadata: { ...event.metadata },
    data: event.data,
  };
}

/** The run an event of a bulk operation stream belongs to. */
export function runIdOf(event: RecordedEvent): string | undefined {
  const data = event.data as { runId?: unknown } | null;
  return typeof data?.runId === 'string' ? data.runId : undefined;
}
