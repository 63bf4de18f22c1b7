import { useState } from 'preact/hooks';

import { ApiError, call } from '../api';
import type { BackupSet, Page } from '../types';
import { ConsoleContext, useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { links } from '../ui/links';
import { asApiError, useApi } from '../ui/use-api';

const OPTIONS = [
  { key: 'includeAssignments', label: 'Include assignments' },
  { key: 'includeScopeTags', label: 'Include scope tags' },
  { key: 'includeFoundations', label: 'Include foundations' },
] as const;

interface Props {
  readonly selected: ReadonlyMap<string, string>;
  onClear(): void;
}

/** The backup set picker, the three capture options and "Add selected". */
export function AddSelected({ selected, onClear }: Props) {
  const ctx = useConsole();
  const sets = useApi<Page<BackupSet>>(
    ctx.tenantId ? `/v1/tenants/${ctx.tenantId}/backup-sets?limit=200` : null,
  );
  const [setId, setSetId] = useState('');
  const [options, setOptions] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const backupSet =
    sets.data?.items.find((s) => s.id === setId) ?? sets.data?.items[0];

  async function submit(event: Event) {
    event.preventDefault();
    if (!backupSet) return;
    setBusy(true);
    setError(undefined);
    try {
      await addPolicies(ctx, backupSet, [...selected.keys()], options);
      onClear();
    } catch (reason) {
      setError(asApiError(reason));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" onSubmit={submit} aria-labelledby="add-heading">
      <h2 id="add-heading">Add to a backup set</h2>
      <p role="status">
        {selected.size} {selected.size === 1 ? 'policy' : 'policies'} selected
      </p>
      <ErrorMessage error={sets.error} />
      <label>
        Backup set
        <select
          value={backupSet?.id ?? ''}
          onChange={(e) => setSetId(e.currentTarget.value)}
        >
          {sets.data?.items.length === 0 && (
            <option value="">No backup sets</option>
          )}
          {sets.data?.items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Capture options</legend>
        {OPTIONS.map((o) => (
          <label key={o.key} class="check">
            <input
              type="checkbox"
              checked={options[o.key] ?? false}
              onChange={(e) =>
                setOptions({ ...options, [o.key]: e.currentTarget.checked })
              }
            />
            {o.label}
          </label>
        ))}
      </fieldset>
      <ErrorMessage error={error} />
      <div class="actions">
        <button
          type="submit"
          disabled={busy || selected.size === 0 || !backupSet}
        >
          Add selected
        </button>
        <button
          type="button"
          class="secondary"
          disabled={selected.size === 0}
          onClick={onClear}
        >
          Clear selection
        </button>
      </div>
    </form>
  );
}

/** Starts a run and answers with a toast linking to it. */
async function addPolicies(
  ctx: ConsoleContext,
  backupSet: BackupSet,
  policyIds: string[],
  options: Record<string, boolean>,
): Promise<void> {
  const accepted = await call<{ runId: string; reused: boolean }>(
    ctx.session,
    `/v1/tenants/${ctx.tenantId}/backup-sets/${backupSet.id}/add-policies`,
    { method: 'POST', body: { policyIds, ...options } },
  );
  ctx.toast({
    text: accepted.reused
      ? `The same selection is already being added to "${backupSet.name}".`
      : `Adding ${policyIds.length} policies to "${backupSet.name}".`,
    link: { href: links.run(ctx.tenantId, accepted.runId), label: 'View run' },
  });
}
