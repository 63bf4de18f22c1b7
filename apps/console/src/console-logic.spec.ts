import { POLICY_TYPES as SERVICE_TYPES } from '../../../libs/graph/src/capture/policy-type';
import { parseSse, problemMessage } from './api';
import { POLICY_TYPES } from './policy-types';
import { replayStates } from './replay';
import type { AuditEvent } from './types';

const event = (type: string, data: Record<string, unknown>): AuditEvent => ({
  id: `${type}-${String(data.policyId ?? '')}`,
  type,
  revision: 0,
  recordedAt: '2025-01-01T00:00:00.000Z',
  metadata: {},
  data,
});

describe('the console replay of a run', () => {
  it('shows the state after each event, counting an outcome once', () => {
    const states = replayStates([
      event('AddPoliciesRequested', { policyIds: ['a', 'b'] }),
      event('BulkOperationRunStarted', {}),
      event('PolicyCaptured', { policyId: 'a' }),
      event('PolicyCaptured', { policyId: 'a' }),
      event('PolicyCaptureFailed', { policyId: 'b' }),
      event('BulkOperationRunCompleted', { status: 'completed_with_errors' }),
    ]);

    expect(states.map((s) => s.status)).toEqual([
      'pending',
      'running',
      'running',
      'running',
      'running',
      'completed_with_errors',
    ]);
    expect(states[5]).toMatchObject({ total: 2, succeeded: 1, failed: 1 });
  });
});

describe('the console SSE reader', () => {
  it('splits complete messages and keeps the unfinished rest', () => {
    const { messages, rest } = parseSse(
      ': heartbeat\n\nevent: progress\ndata: {"a":1}\n\nevent: fin',
    );

    expect(messages).toEqual([{ event: 'progress', data: '{"a":1}' }]);
    expect(rest).toBe('event: fin');
  });
});

describe('the console error messages', () => {
  it('reads the problem detail and the field errors', () => {
    expect(
      problemMessage(400, {
        detail: 'The request is not valid.',
        errors: [{ field: 'policyIds', message: 'policyIds must be an array' }],
      }),
    ).toBe('The request is not valid. policyIds must be an array.');
  });

  it('falls back to the status when there is no problem body', () => {
    expect(problemMessage(502, undefined)).toBe('The request failed (502).');
  });
});

describe('the console policy type filter', () => {
  it('offers exactly the service policy types', () => {
    expect([...POLICY_TYPES]).toEqual([...SERVICE_TYPES]);
  });
});
