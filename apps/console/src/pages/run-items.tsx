import { useEffect, useState } from 'preact/hooks';

import { call } from '../api';
import type { Page, RunItem } from '../types';
import { useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { StatusBadge } from '../ui/status-badge';
import { asApiError } from '../ui/use-api';

/**
 * Per-item outcomes. Failure messages are shown as the service recorded
 * them: it sanitises them before they are stored.
 */
export function RunItems({ base, refresh }: { base: string; refresh: number }) {
  const { session } = useConsole();
  const [items, setItems] = useState<RunItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ReturnType<typeof asApiError>>();

  async function load(cursor: string | null) {
    const query = new URLSearchParams({ limit: '200' });
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await call<Page<RunItem>>(session, `${base}/items?${query}`);
      setItems((before) => (cursor ? [...before, ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (reason) {
      setError(asApiError(reason));
    }
  }

  useEffect(() => void load(null), [base, refresh]);

  return (
    <section aria-labelledby="items-heading">
      <h2 id="items-heading">Items</h2>
      <ErrorMessage error={error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Policy</th>
            <th scope="col">Type</th>
            <th scope="col">Outcome</th>
            <th scope="col">Attempts</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.policyId}>
              <td>
                <code>{item.policyId}</code>
              </td>
              <td>{item.policyType ?? ''}</td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>{item.attempts}</td>
              <td>
                {item.reasonCode && (
                  <>
                    <code>{item.reasonCode}</code> {item.message}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" class="secondary" onClick={() => void load(next)}>
          Load more items
        </button>
      )}
    </section>
  );
}
