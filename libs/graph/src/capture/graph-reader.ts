import {
  GraphCallOptions,
  GraphObject,
  GraphTenantClient,
} from '../client/graph-tenant-client';
import { GraphRequestStats } from '../client/graph-request-state';

/**
 * The reads one capture makes: a tenant client with the capture's signal
 * and request counter bound in, so strategies only name paths.
 */
export class GraphReader {
  readonly stats: GraphRequestStats = { requests: 0 };
  private readonly options: GraphCallOptions;

  constructor(
    private readonly client: GraphTenantClient,
    signal?: AbortSignal,
  ) {
    this.options = { signal, stats: this.stats };
  }

  get tenantId(): string {
    return this.client.tenantId;
  }

  get<T extends GraphObject = GraphObject>(path: string): Promise<T> {
    return this.client.get<T>(path, this.options);
  }

  /** Every item of a collection, all pages. */
  list<T extends GraphObject = GraphObject>(path: string): Promise<T[]> {
    return this.client.list<T>(path, this.options);
  }

  /**
   * Completes a collection that came inline through `$expand`: Graph may
   * cut it and add `name@odata.nextLink`, which is followed here.
   */
  async completeExpanded(object: GraphObject, name: string): Promise<void> {
    const link = object[`${name}@odata.nextLink`];
    if (typeof link !== 'string') return;
    const first = Array.isArray(object[name])
      ? (object[name] as unknown[])
      : [];
    object[name] = [...first, ...(await this.list(link))];
    delete object[`${name}@odata.nextLink`];
  }
}
