import { useEffect, useRef, useState } from 'preact/hooks';

import { ApiError, call } from '../api';
import { useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { asApiError } from '../ui/use-api';

const POLL_MS = 1000;
const DONE = ['completed', 'completed_with_errors', 'failed'];

/** Queues an inventory sync and follows it until it ends. */
export function SyncButton({ onSynced }: { onSynced(): void }) {
  const { session, tenantId, announce } = useConsole();
  const [state, setState] = useState('');
  const [error, setError] = useState<ApiError>();
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  async function sync() {
    setError(undefined);
    try {
      const accepted = await call<{ status: string; links: { sync: string } }>(
        session,
        `/v1/tenants/${tenantId}/inventory/sync`,
        { method: 'POST' },
      );
      let status = accepted.status;
      announce('Inventory sync queued.');
      while (alive.current && !DONE.includes(status)) {
        setState(status);
        await new Promise((r) => setTimeout(r, POLL_MS));
        status = (await call<{ status: string }>(session, accepted.links.sync))
          .status;
      }
      setState('');
      announce(`Inventory sync ${status.replace(/_/g, ' ')}.`);
      onSynced();
    } catch (reason) {
      setState('');
      setError(asApiError(reason));
    }
  }

  return (
    <div class="sync">
      <button
        type="button"
        class="secondary"
        disabled={state !== ''}
        onClick={() => void sync()}
      >
        {state ? `Syncing (${state})` : 'Sync inventory'}
      </button>
      <ErrorMessage error={error} />
    </div>
  );
}
