import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ProjectionRebuilds, ProjectionStatusService } from '@app/projections';
import { waitFor } from '@app/testing';

const OUTCOMES = new Set(['PolicyCaptured', 'PolicyCaptureFailed']);
const TERMINALS = new Set([
  'BulkOperationRunCompleted',
  'BulkOperationRunFailed',
]);

interface EventRow {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** What one check found; `violations` empty when every invariant holds. */
export interface InvariantReport {
  readonly runs: number;
  readonly items: number;
  readonly projectionsVerified: number;
  readonly violations: string[];
}

interface RunFacts {
  policyIds: string[];
  started: boolean;
  outcomes: Map<string, EventRow[]>;
  terminals: EventRow[];
}

/** Waits until every run of the log has ended, or fails with the ones open. */
export async function waitForTerminalRuns(
  dataSource: DataSource,
  timeoutMs: number,
): Promise<void> {
  let lastOpen = 0;
  await waitFor(
    'every run to reach a terminal event',
    async () => {
      const [{ open }] = await dataSource.query(
        `SELECT count(*)::int AS open FROM event_store_events r
          WHERE r.event_type = 'AddPoliciesRequested'
            AND NOT EXISTS (
              SELECT 1 FROM event_store_events t
               WHERE t.event_type IN ('BulkOperationRunCompleted',
                                      'BulkOperationRunFailed')
                 AND t.data->>'runId' = r.data->>'runId')`,
      );
      if (open > 0) lastOpen = open;
      return open === 0;
    },
    { timeoutMs, intervalMs: 250 },
  ).catch((error: Error) => {
    throw new Error(`${error.message} (${lastOpen} runs still open)`);
  });
}

/**
 * Checks the event log and read models of one database: every run ended
 * once, every item of a started run has exactly one outcome, the terminal
 * counts equal the outcomes, no item failed by throttling, and every
 * projection equals a rebuild from the log.
 */
export async function checkInvariants(
  app: INestApplication,
): Promise<InvariantReport> {
  const dataSource = app.get(DataSource);
  const rows: EventRow[] = await dataSource.query(
    `SELECT event_type AS type, data FROM event_store_events
      WHERE event_type = ANY($1) ORDER BY global_position`,
    [
      [
        'AddPoliciesRequested',
        'BulkOperationRunStarted',
        ...OUTCOMES,
        ...TERMINALS,
      ],
    ],
  );
  const runs = new Map<string, RunFacts>();
  const violations: string[] = [];
  for (const row of rows) {
    const runId = String(row.data.runId);
    if (row.type === 'AddPoliciesRequested') {
      if (runs.has(runId)) violations.push(`run ${runId} requested twice`);
      runs.set(runId, {
        policyIds: row.data.policyIds as string[],
        started: false,
        outcomes: new Map(),
        terminals: [],
      });
      continue;
    }
    const run = runs.get(runId);
    if (!run) {
      violations.push(`${row.type} for unknown run ${runId}`);
      continue;
    }
    if (row.type === 'BulkOperationRunStarted') run.started = true;
    if (OUTCOMES.has(row.type)) {
      const policyId = String(row.data.policyId);
      run.outcomes.set(policyId, [...(run.outcomes.get(policyId) ?? []), row]);
    }
    if (TERMINALS.has(row.type)) run.terminals.push(row);
  }

  let items = 0;
  for (const [runId, run] of runs) {
    violations.push(...checkRun(runId, run));
    items += run.policyIds.length;
  }
  const projections = await verifyProjections(app);
  violations.push(...projections.violations);
  return {
    runs: runs.size,
    items,
    projectionsVerified: projections.verified,
    violations,
  };
}

function checkRun(runId: string, run: RunFacts): string[] {
  const found: string[] = [];
  if (run.terminals.length !== 1) {
    found.push(`run ${runId} has ${run.terminals.length} terminal events`);
  }
  for (const [policyId, events] of run.outcomes) {
    if (!run.policyIds.includes(policyId)) {
      found.push(`run ${runId} has an outcome for foreign item ${policyId}`);
    }
    if (events.length > 1) {
      found.push(`item ${policyId} of ${runId} has ${events.length} outcomes`);
    }
    const failure = events.find((e) => e.type === 'PolicyCaptureFailed');
    if (failure?.data.reasonCode === 'throttled') {
      found.push(`item ${policyId} of ${runId} failed by throttling`);
    }
  }
  const terminal = run.terminals[0];
  if (!run.started || terminal?.type !== 'BulkOperationRunCompleted') {
    return found;
  }
  const missing = run.policyIds.filter((id) => !run.outcomes.has(id));
  if (missing.length > 0) {
    found.push(`run ${runId} completed without outcomes for ${missing.length}`);
  }
  const outcomes = [...run.outcomes.values()].map((events) => events[0]);
  const succeeded = outcomes.filter((e) => e.type === 'PolicyCaptured').length;
  const failed = outcomes.length - succeeded;
  const counts = terminal.data as { succeeded: number; failed: number };
  if (counts.succeeded !== succeeded || counts.failed !== failed) {
    found.push(
      `run ${runId} counts ${counts.succeeded}/${counts.failed}, outcomes ${succeeded}/${failed}`,
    );
  }
  return found;
}

/** Waits for the live projections to catch up, then compares each with a rebuild. */
async function verifyProjections(app: INestApplication) {
  const status = app.get(ProjectionStatusService);
  await waitFor(
    'the projections to catch up',
    async () =>
      (await status.all()).every(
        (p) => p.lagEvents === 0 || p.lagEvents === null,
      ),
    { timeoutMs: 60_000, intervalMs: 200 },
  );
  const rebuilds = app.get(ProjectionRebuilds);
  const violations: string[] = [];
  let verified = 0;
  for (const projection of rebuilds.rebuildable()) {
    const result = await rebuilds.verify(projection.name, 'fault-suite');
    verified += 1;
    for (const difference of result.differences) {
      violations.push(
        `projection ${projection.name} differs from a rebuild: ${JSON.stringify(difference).slice(0, 300)}`,
      );
    }
  }
  return { verified, violations };
}
