import { useEffect, useState } from 'preact/hooks';

import type { Page, Run } from '../types';
import { RUN_STATUSES } from '../types';
import { useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { links } from '../ui/links';
import { StatusBadge } from '../ui/status-badge';
import { useApi } from '../ui/use-api';

/** The tenant's runs, newest first, with a status filter. */
export function RunsPage() {
  const { tenantId } = useConsole();
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  useEffect(() => setCursors([null]), [tenantId, status]);

  const query = new URLSearchParams({ limit: '25' });
  if (status) query.set('status', status);
  const cursor = cursors[cursors.length - 1];
  if (cursor) query.set('cursor', cursor);
  const runs = useApi<Page<Run>>(
    tenantId ? `/v1/tenants/${tenantId}/runs?${query}` : null,
  );

  return (
    <>
      <h1>Runs</h1>
      <div class="toolbar">
        <label>
          Status
          <select
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value)}
          >
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" onClick={runs.reload}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={runs.error} />
      <table aria-busy={runs.loading}>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Requested</th>
          </tr>
        </thead>
        <tbody>
          {runs.data?.items.map((run) => (
            <tr key={run.id}>
              <td>
                <a href={links.run(tenantId, run.id)}>{run.id.slice(0, 8)}</a>
              </td>
              <td>
                <StatusBadge status={run.status} />
              </td>
              <td>
                {run.processed} / {run.total}
                {run.failed > 0 ? ` (${run.failed} failed)` : ''}
              </td>
              <td>
                {run.requestedBy}, {new Date(run.createdAt).toLocaleString()}
              </td>
            </tr>
          ))}
          {runs.data?.items.length === 0 && (
            <tr>
              <td colSpan={4}>No runs.</td>
            </tr>
          )}
        </tbody>
      </table>
      <div class="pager">
        <button
          type="button"
          class="secondary"
          disabled={cursors.length < 2}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          class="secondary"
          disabled={!runs.data?.nextCursor}
          onClick={() => setCursors([...cursors, runs.data!.nextCursor])}
        >
          Next page
        </button>
      </div>
    </>
  );
}
