import { useEffect, useState } from 'preact/hooks';

import { ApiError, call } from '../api';
import { replayStates } from '../replay';
import type { AuditEvent, Page } from '../types';
import { useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { links } from '../ui/links';
import { StatusBadge } from '../ui/status-badge';
import { asApiError } from '../ui/use-api';

/** The run's events with their metadata, and the state after any of them. */
export function AuditPage({ runId }: { runId: string }) {
  const { session, tenantId } = useConsole();
  const [events, setEvents] = useState<AuditEvent[]>();
  const [error, setError] = useState<ApiError>();
  const [at, setAt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    (async () => {
      const all: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ limit: '500' });
        if (cursor) query.set('cursor', cursor);
        const page: Page<AuditEvent> = await call(
          session,
          `/v1/tenants/${tenantId}/runs/${runId}/events?${query}`,
          { signal: abort.signal },
        );
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      setEvents(all);
      setAt(all.length - 1);
    })().catch((reason: unknown) => {
      if (!abort.signal.aborted) setError(asApiError(reason));
    });
    return () => abort.abort();
  }, [session, tenantId, runId]);

  const states = events ? replayStates(events) : [];
  const state = states[at];
  const event = events?.[at];
  return (
    <>
      <h1>Audit timeline</h1>
      <p class="muted">
        <code>{runId}</code> · <a href={links.run(tenantId, runId)}>Run</a>
      </p>
      <ErrorMessage error={error} />
      {!events && !error && <p role="status">Loading the events…</p>}
      {events && event && state && (
        <section class="panel" aria-labelledby="replay-heading">
          <h2 id="replay-heading">Replay</h2>
          <label for="replay">
            Event {at + 1} of {events.length}: {event.type}
          </label>
          <input
            id="replay"
            type="range"
            min={0}
            max={events.length - 1}
            value={at}
            aria-valuetext={`Event ${at + 1} of ${events.length}: ${event.type}`}
            onInput={(e) => setAt(Number(e.currentTarget.value))}
          />
          <p aria-live="polite">
            After event {at + 1}: <StatusBadge status={state.status} />,{' '}
            {state.succeeded} captured, {state.failed} failed of {state.total}
            {state.failureReason ? ` (${state.failureReason})` : ''}
          </p>
        </section>
      )}
      {events && (
        <ol class="timeline" aria-label="Events">
          {events.map((e, i) => (
            <li key={e.id} aria-current={i === at ? 'step' : undefined}>
              <button
                type="button"
                class="link"
                onClick={() => setAt(i)}
                aria-label={`Replay to event ${i + 1}, ${e.type}`}
              >
                #{e.revision}
              </button>{' '}
              <strong>{e.type}</strong>{' '}
              <time dateTime={e.recordedAt}>
                {new Date(e.recordedAt).toLocaleString()}
              </time>
              <details>
                <summary>Metadata and data</summary>
                <pre>{JSON.stringify(e.metadata, null, 2)}</pre>
                <pre>{JSON.stringify(e.data, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
