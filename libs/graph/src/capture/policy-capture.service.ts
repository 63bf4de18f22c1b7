import { Logger } from '@nestjs/common';

import { GraphClientFactory } from '../client/graph-client.factory';
import { GraphObject } from '../client/graph-tenant-client';
import { GraphCaptureError } from '../errors';
import { buildSnapshot } from '../snapshot/build-snapshot';
import { PolicySnapshot, SnapshotContent } from '../snapshot/policy-snapshot';
import { CaptureOptions, PolicyRef } from './capture-options';
import { CaptureStrategy, itemPath } from './capture-strategy';
import { CaptureStrategyRegistry } from './capture-strategy-registry';
import { GraphReader } from './graph-reader';
import {
  assignmentFilterIdsOf,
  DEFAULT_SCOPE_TAG_ID,
  notificationTemplateIdsOf,
  scopeTagIdsOf,
} from './policy-references';
import { ReferenceResolver } from './reference-resolver';

const SCOPE_TAGS = 'deviceManagement/roleScopeTags';
const ASSIGNMENT_FILTERS = 'deviceManagement/assignmentFilters';
const NOTIFICATION_TEMPLATES = 'deviceManagement/notificationMessageTemplates';

/**
 * Captures one policy completely from Graph and returns its snapshot.
 * Failures are {@link GraphCaptureError}s with stable codes; the caller
 * decides whether a retryable one is retried or becomes an outcome.
 */
export class PolicyCaptureService {
  private readonly logger = new Logger(PolicyCaptureService.name);

  constructor(
    private readonly clients: GraphClientFactory,
    private readonly registry: CaptureStrategyRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  async capturePolicy(
    tenantId: string,
    ref: PolicyRef,
    options: CaptureOptions = {},
    signal?: AbortSignal,
  ): Promise<PolicySnapshot> {
    const strategy = this.registry.strategyFor(ref.policyType);
    if (!ref.graphId || ref.graphId.length > 200) {
      throw new GraphCaptureError(
        'not_found',
        'policy id is empty or too long',
      );
    }
    const started = this.now();
    const reader = new GraphReader(this.clients.forTenant(tenantId), signal);

    const policy = await strategy.capture(reader, ref.graphId);
    const content = await this.withExtras(
      strategy,
      reader,
      ref,
      policy,
      options,
    );

    const snapshot = buildSnapshot({
      tenantId,
      content,
      graphRequests: reader.stats.requests,
      durationMs: this.now() - started,
    });
    this.logger.debug(
      `captured ${strategy.policyType} ${ref.graphId} for tenant ${tenantId}: ${snapshot.hash}`,
    );
    return snapshot;
  }

  private async withExtras(
    strategy: CaptureStrategy,
    reader: GraphReader,
    ref: PolicyRef,
    policy: GraphObject,
    options: CaptureOptions,
  ): Promise<SnapshotContent> {
    const references = new ReferenceResolver(reader);
    const needAssignments =
      options.includeAssignments || options.includeFoundations;
    const assignments = needAssignments
      ? await reader.list(
          strategy.assignmentsPath?.(ref.graphId) ??
            `${itemPath(strategy.collectionPath, ref.graphId)}/assignments`,
        )
      : [];
    const tagIds = scopeTagIdsOf(policy);

    return {
      schemaVersion: 1,
      policyType: strategy.policyType,
      graphId: ref.graphId,
      policy,
      assignments: options.includeAssignments ? assignments : undefined,
      scopeTags: options.includeScopeTags
        ? await this.scopeTagNames(references, tagIds)
        : undefined,
      foundations: options.includeFoundations
        ? {
            scopeTags: await this.found(
              references,
              SCOPE_TAGS,
              tagIds.filter((id) => id !== DEFAULT_SCOPE_TAG_ID),
              (tag) => tag.isBuiltIn !== true,
            ),
            assignmentFilters: await this.found(
              references,
              ASSIGNMENT_FILTERS,
              assignmentFilterIdsOf(assignments),
            ),
            notificationTemplates: await this.found(
              references,
              NOTIFICATION_TEMPLATES,
              notificationTemplateIdsOf(policy),
              undefined,
              '?$expand=localizedNotificationMessages',
            ),
          }
        : undefined,
    };
  }

  private async scopeTagNames(references: ReferenceResolver, ids: string[]) {
    const tags = await references.resolveAll(SCOPE_TAGS, ids);
    return ids.map((id, index) => ({
      id,
      displayName: stringOrNull(tags[index]?.displayName),
    }));
  }

  private async found(
    references: ReferenceResolver,
    collection: string,
    ids: string[],
    keep: (object: GraphObject) => boolean = () => true,
    query = '',
  ): Promise<GraphObject[]> {
    const objects = await references.resolveAll(collection, ids, query);
    return objects.filter(
      (object): object is GraphObject => object !== undefined && keep(object),
    );
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
