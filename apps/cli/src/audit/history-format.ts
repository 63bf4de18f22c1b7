import { AuditEvent } from '@app/audit';

import { textTable } from '../text-table';

export type HistoryFormat = 'table' | 'json' | 'ndjson';

export const HISTORY_FORMATS: readonly HistoryFormat[] = [
  'table',
  'json',
  'ndjson',
];

/** A run's events as the chosen format's text. */
export function formatHistory(
  events: readonly AuditEvent[],
  format: HistoryFormat,
): string {
  if (format === 'json') return JSON.stringify(events, null, 2);
  if (format === 'ndjson') {
    return events.map((event) => JSON.stringify(event)).join('\n');
  }
  return textTable(
    [
      'REV',
      'POSITION',
      'RECORDED AT',
      'TYPE',
      'USER',
      'CORRELATION',
      'SUMMARY',
    ],
    events.map((event) => [
      String(event.revision),
      event.position,
      event.recordedAt,
      event.type,
      String(event.metadata.userId ?? ''),
      String(event.metadata.correlationId ?? ''),
      summary(event.data),
    ]),
  );
}

/** The payload's scalar fields, shortened; the full data is in JSON. */
function summary(data: unknown): string {
  if (typeof data !== 'object' || data === null) return String(data);
  const parts = Object.entries(data)
    .filter(([key, value]) => key !== 'runId' && typeof value !== 'object')
    .map(([key, value]) => `${key}=${String(value)}`);
  const text = parts.join(' ');
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}
