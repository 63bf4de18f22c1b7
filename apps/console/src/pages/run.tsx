import { useEffect, useState } from 'preact/hooks';

import { ApiError, call, follow } from '../api';
import type { Run, RunProgress } from '../types';
import { TERMINAL } from '../types';
import { useConsole } from '../ui/context';
import { ErrorMessage } from '../ui/error-message';
import { links } from '../ui/links';
import { StatusBadge } from '../ui/status-badge';
import { asApiError } from '../ui/use-api';
import { RunItems } from './run-items';

// The read model trails the command by a moment: a fresh run may 404.
const NOT_YET_RETRIES = 20;
const RETRY_MS = 250;

/** One run: status, live progress, counts and per-item outcomes. */
export function RunPage({ runId }: { runId: string }) {
  const { session, tenantId, announce } = useConsole();
  const [run, setRun] = useState<Run>();
  const [progress, setProgress] = useState<RunProgress>();
  const [error, setError] = useState<ApiError>();
  const [finished, setFinished] = useState(0);
  const base = `/v1/tenants/${tenantId}/runs/${runId}`;

  useEffect(() => {
    const abort = new AbortController();
    const { signal } = abort;
    setRun(undefined);
    setProgress(undefined);
    setError(undefined);

    async function load(): Promise<Run> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await call<Run>(session, base, { signal });
        } catch (reason) {
          const notYet = reason instanceof ApiError && reason.status === 404;
          if (!notYet || attempt >= NOT_YET_RETRIES) throw reason;
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
    }

    async function watch() {
      const first = await load();
      setRun(first);
      setProgress(first);
      if (!TERMINAL.includes(first.status)) {
        announce(`Run ${first.status}.`);
        await follow(
          session,
          `${base}/live`,
          (message) => {
            if (message.event === 'error') return;
            const next = JSON.parse(message.data) as RunProgress;
            setProgress((before) => {
              if (before?.status !== next.status) {
                announce(`Run ${next.status.replace(/_/g, ' ')}.`);
              }
              return next;
            });
          },
          signal,
        );
        setRun(await call<Run>(session, base, { signal }));
      }
      setFinished((n) => n + 1);
    }

    watch().catch((reason: unknown) => {
      if (!signal.aborted) setError(asApiError(reason));
    });
    return () => abort.abort();
  }, [base, session]);

  const shown = progress ?? run;
  return (
    <>
      <h1>Run</h1>
      <p class="muted">
        <code>{runId}</code>
        {' · '}
        <a href={links.audit(tenantId, runId)}>Audit timeline</a>
        {' · '}
        <a href={links.runs}>All runs</a>
      </p>
      <ErrorMessage error={error} />
      {!shown && !error && <p role="status">Loading the run…</p>}
      {shown && (
        <section aria-labelledby="progress-heading" class="panel">
          <h2 id="progress-heading">
            Status: <StatusBadge status={shown.status} />
          </h2>
          <progress
            max={Math.max(shown.total, 1)}
            value={shown.processed}
            aria-label="Run progress"
            aria-valuetext={`${shown.processed} of ${shown.total} processed`}
          />
          <p>
            {shown.processed} of {shown.total} processed
          </p>
          <dl class="counts">
            <dt>Succeeded</dt>
            <dd data-count="succeeded">{shown.succeeded}</dd>
            <dt>Failed</dt>
            <dd data-count="failed">{shown.failed}</dd>
            <dt>Skipped</dt>
            <dd data-count="skipped">{shown.skipped}</dd>
          </dl>
          {run?.failureReason && (
            <p class="error">
              {run.failureReason.code}: {run.failureReason.message}
            </p>
          )}
          {run && (
            <p class="muted">
              Requested by {run.requestedBy} at{' '}
              {new Date(run.createdAt).toLocaleString()}
            </p>
          )}
        </section>
      )}
      {run && <RunItems base={base} refresh={finished} />}
    </>
  );
}
