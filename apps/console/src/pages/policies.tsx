import { useEffect, useState } from 'preact/hooks';

import { POLICY_TYPES } from '../policy-types';
import type { Page, Policy } from '../types';
import { useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { useApi } from '../ui/use-api';
import { AddSelected } from './add-selected';
import { SyncButton } from './sync-button';

const PAGE_SIZE = 25;

/** The tenant's inventory: find policies, select them, add them to a set. */
export function PoliciesPage() {
  const { tenantId } = useConsole();
  const [search, setSearch] = useState('');
  const [type, setType] = useState('');
  // Cursors of the pages before the current one, for "Previous".
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [selected, setSelected] = useState(new Map<string, string>());

  useEffect(() => {
    setCursors([null]);
    setSelected(new Map());
  }, [tenantId]);

  const cursor = cursors[cursors.length - 1];
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search.trim()) query.set('search', search.trim());
  if (type) query.set('type', type);
  if (cursor) query.set('cursor', cursor);
  const policies = useApi<Page<Policy>>(
    tenantId ? `/v1/tenants/${tenantId}/policies?${query}` : null,
  );
  const items = policies.data?.items ?? [];

  function toggle(policy: Policy, on: boolean) {
    const next = new Map(selected);
    if (on) next.set(policy.id, policy.displayName);
    else next.delete(policy.id);
    setSelected(next);
  }

  function toggleAll(on: boolean) {
    const next = new Map(selected);
    for (const p of items) {
      if (on) next.set(p.id, p.displayName);
      else next.delete(p.id);
    }
    setSelected(next);
  }

  const allOnPage = items.length > 0 && items.every((p) => selected.has(p.id));
  return (
    <>
      <h1>Policies</h1>
      <div class="toolbar" role="search">
        <label>
          Search by name
          <input
            type="search"
            value={search}
            onInput={(e) => {
              setSearch(e.currentTarget.value);
              setCursors([null]);
            }}
          />
        </label>
        <label>
          Policy type
          <select
            value={type}
            onChange={(e) => {
              setType(e.currentTarget.value);
              setCursors([null]);
            }}
          >
            <option value="">All types</option>
            {POLICY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <SyncButton onSynced={policies.reload} />
      </div>
      <ErrorMessage error={policies.error} />
      <table aria-busy={policies.loading}>
        <caption>
          Inventory, page {cursors.length}
          {policies.loading ? ' (loading)' : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select all policies on this page"
                checked={allOnPage}
                onChange={(e) => toggleAll(e.currentTarget.checked)}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id} class={selected.has(p.id) ? 'selected' : ''}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${p.displayName}`}
                  checked={selected.has(p.id)}
                  onChange={(e) => toggle(p, e.currentTarget.checked)}
                />
              </td>
              <td>{p.displayName}</td>
              <td>{p.policyType}</td>
              <td>{new Date(p.lastSeenAt).toLocaleString()}</td>
            </tr>
          ))}
          {!policies.loading && items.length === 0 && (
            <tr>
              <td colSpan={4}>No policies match.</td>
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
          disabled={!policies.data?.nextCursor}
          onClick={() => setCursors([...cursors, policies.data!.nextCursor])}
        >
          Next page
        </button>
      </div>
      <AddSelected selected={selected} onClear={() => setSelected(new Map())} />
    </>
  );
}
