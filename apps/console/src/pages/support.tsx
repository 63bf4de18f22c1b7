import { useEffect, useRef, useState } from 'preact/hooks';

import { ApiError, call } from '../api';
import type { Projection } from '../types';
import { useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { asApiError, useApi } from '../ui/use-api';

const POLL_MS = 1000;

/** Projections with position, lag and state; rebuild with confirmation. */
export function SupportPage() {
  const { session, announce } = useConsole();
  const projections = useApi<{ items: Projection[] }>('/v1/admin/projections');
  const [confirming, setConfirming] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const dialog = useRef<HTMLDialogElement>(null);
  const rebuilding = projections.data?.items.some(
    (p) => p.state === 'rebuilding' || p.rebuild?.state === 'rebuilding',
  );

  // Rebuild progress shows in the status list: poll while one runs.
  useEffect(() => {
    if (!rebuilding) return;
    const timer = setTimeout(projections.reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [projections.data]);

  useEffect(() => {
    if (confirming) dialog.current?.showModal();
    else dialog.current?.close();
  }, [confirming]);

  async function rebuild(name: string) {
    setConfirming(undefined);
    setError(undefined);
    try {
      await call(session, `/v1/admin/projections/${name}/rebuild`, {
        method: 'POST',
      });
      announce(`Rebuild of ${name} started.`);
      projections.reload();
    } catch (reason) {
      setError(asApiError(reason));
    }
  }

  return (
    <>
      <h1>Support</h1>
      <h2>Projections</h2>
      <ErrorMessage error={projections.error ?? error} />
      {projections.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Position</th>
              <th scope="col">Lag</th>
              <th scope="col">Events applied</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {projections.data.items.map((p) => (
              <tr key={p.name} data-projection={p.name}>
                <th scope="row">{p.name}</th>
                <td>
                  {p.state}
                  {p.rebuild && (
                    <span role="status">
                      {' '}
                      (rebuild {p.rebuild.state}: {p.rebuild.eventsApplied}{' '}
                      events)
                    </span>
                  )}
                  {p.error && <span class="error"> {p.error}</span>}
                </td>
                <td>
                  <code>{p.position}</code>
                </td>
                <td>
                  {p.lagEvents ?? '–'} events
                  {p.lagSeconds !== null ? `, ${p.lagSeconds} s` : ''}
                </td>
                <td>{p.eventsApplied}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    disabled={p.state === 'rebuilding'}
                    onClick={() => setConfirming(p.name)}
                  >
                    Rebuild {p.name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dialog
        ref={dialog}
        aria-labelledby="confirm-heading"
        onClose={() => setConfirming(undefined)}
      >
        <h2 id="confirm-heading">Rebuild {confirming}?</h2>
        <p>
          The projection is rebuilt from the event log beside its live tables;
          readers keep the current data until the swap.
        </p>
        <div class="actions">
          <button type="button" onClick={() => void rebuild(confirming!)}>
            Rebuild
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => setConfirming(undefined)}
          >
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
