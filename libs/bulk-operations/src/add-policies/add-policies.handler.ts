import { Logger, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';

import { AppConfig } from '@app/config';
import {
  ConcurrencyError,
  DomainError,
  NotFoundError,
  TooLargeError,
  UnprocessableError,
  ValidationError,
} from '@app/errors';
import { EventStore } from '@app/event-store';
import { CommandMetrics, CorrelationContext } from '@app/observability';

import { decideAddPolicies } from '../decide-add-policies';
import { deterministicEventId } from '../event-ids';
import {
  addPoliciesIdempotencyKey,
  canonicalPolicyIds,
} from '../idempotency-key';
import { loadStreamState } from '../load-stream';
import { BULK_OPERATION_SCHEMA_VERSION } from '../run-events';
import { initialStreamState } from '../run-state';
import { bulkOperationStreamName } from '../run-stream';
import { AddPoliciesCommand, AddPoliciesResult } from './add-policies.command';
import { KnownStreams } from './known-streams';
import { SelectionReferences } from './selection-references';

/**
 * Losing a race re-reads and decides again; this bounds the loop (one more
 * than the races allowed: the first attempt may be a blind one).
 */
const MAX_ATTEMPTS = 6;

/** Some ids are shown back to the caller; not thousands of them. */
const MAX_LISTED_IDS = 20;

@CommandHandler(AddPoliciesCommand)
export class AddPoliciesHandler implements ICommandHandler<AddPoliciesCommand> {
  private readonly logger = new Logger(AddPoliciesHandler.name);
  private readonly knownStreams = new KnownStreams();

  constructor(
    private readonly store: EventStore,
    private readonly references: SelectionReferences,
    private readonly config: AppConfig,
    private readonly correlation: CorrelationContext,
    @Optional() private readonly metrics?: CommandMetrics,
  ) {}

  async execute(command: AddPoliciesCommand): Promise<AddPoliciesResult> {
    const done = this.metrics?.start('add_policies');
    try {
      const result = await this.addPolicies(command);
      done?.(result.reused ? 'reused' : 'accepted');
      return result;
    } catch (error) {
      const rejected = error instanceof DomainError;
      done?.(rejected ? 'rejected' : 'error');
      if (rejected) this.logger.debug({ code: error.code }, 'command rejected');
      throw error;
    }
  }

  private async addPolicies(
    command: AddPoliciesCommand,
  ): Promise<AddPoliciesResult> {
    // Outside a request (CLI, scripts) the command starts its own chain.
    const { correlationId, causationId } = this.correlation.current() ?? {
      correlationId: randomUUID(),
      causationId: null,
    };
    const policyIds = canonicalPolicyIds(command.policyIds);
    await this.validate(command, policyIds);
    const idempotencyKey = addPoliciesIdempotencyKey({ ...command, policyIds });
    const streamName = bulkOperationStreamName(idempotencyKey);

    for (let attempt = 1; ; attempt++) {
      // A selection this process has not seen is most likely new: decide on
      // an empty stream and append with 'no_stream', one round trip. If the
      // stream exists after all, the conflict sends us to read it.
      const state =
        attempt === 1 && !this.knownStreams.has(streamName)
          ? initialStreamState
          : await loadStreamState(this.store, streamName);
      if (state.revision >= 0n) this.knownStreams.add(streamName);

      const decision = decideAddPolicies(state, {
        newRunId: randomUUID(),
        tenantId: command.tenantId,
        backupSetId: command.backupSetId,
        policyIds,
        options: command.options,
        requestedBy: command.userId,
        idempotencyKey,
      });
      if (decision.kind === 'reuse') {
        const { runId, status } = decision.run;
        return { runId, status, reused: true, position: null };
      }

      try {
        const { position } = await this.store.append(
          streamName,
          [
            {
              id: deterministicEventId(decision.event.data.runId, 'requested'),
              type: decision.event.type,
              data: decision.event.data,
              metadata: {
                tenantId: command.tenantId,
                userId: command.userId,
                correlationId,
                causationId,
                schemaVersion: BULK_OPERATION_SCHEMA_VERSION,
              },
            },
          ],
          {
            expectedRevision:
              state.revision < 0n ? 'no_stream' : state.revision,
          },
        );
        this.knownStreams.add(streamName);
        this.logger.log(
          { runId: decision.event.data.runId, items: policyIds.length },
          'run requested',
        );
        return {
          runId: decision.event.data.runId,
          status: 'pending',
          reused: false,
          position,
        };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) {
          throw error;
        }
        this.knownStreams.add(streamName);
      }
    }
  }

  private async validate(
    command: AddPoliciesCommand,
    policyIds: readonly string[],
  ): Promise<void> {
    if (policyIds.length === 0) {
      throw new ValidationError('Select at least one policy.', [
        { field: 'policyIds', message: 'policyIds must not be empty' },
      ]);
    }
    if (policyIds.length > this.config.maxPoliciesPerRun) {
      throw new TooLargeError(
        `A run takes at most ${this.config.maxPoliciesPerRun} policies.`,
        { field: 'policyIds', limit: this.config.maxPoliciesPerRun },
      );
    }
    const { tenantId, backupSetId } = command;
    const { backupSetActive, missingPolicyIds: missing } =
      await this.references.check(tenantId, backupSetId, policyIds);
    if (!backupSetActive) {
      throw new NotFoundError('backup set', backupSetId);
    }
    if (missing.length > 0) {
      throw new UnprocessableError(
        `${missing.length} selected policies are not in the tenant's inventory.`,
        missing.slice(0, MAX_LISTED_IDS).map((id) => ({
          field: `policyIds[${command.policyIds.findIndex((p) => p.toLowerCase() === id)}]`,
          message: `policy ${id} is not in the inventory`,
        })),
      );
    }
  }
}
