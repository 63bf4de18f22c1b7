import { GraphCaptureError } from '../errors';
import { GraphObject } from '../client/graph-tenant-client';
import { GraphReader } from './graph-reader';

/**
 * Reads referenced objects (scope tags, assignment filters) by id, once
 * per capture. A reference to an object that no longer exists resolves to
 * `undefined`: a dangling id is part of the policy, not a failure.
 */
export class ReferenceResolver {
  private readonly cache = new Map<string, Promise<GraphObject | undefined>>();

  constructor(private readonly reader: GraphReader) {}

  resolve(
    collectionPath: string,
    id: string,
    query = '',
  ): Promise<GraphObject | undefined> {
    const key = `${collectionPath}/${id}${query}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.reader
        .get(`${collectionPath}/${encodeURIComponent(id)}${query}`)
        .catch((error: unknown) => {
          if (
            error instanceof GraphCaptureError &&
            error.code === 'not_found'
          ) {
            return undefined;
          }
          throw error;
        });
      this.cache.set(key, found);
    }
    return found;
  }

  resolveAll(collectionPath: string, ids: readonly string[], query = '') {
    return Promise.all(
      ids.map((id) => this.resolve(collectionPath, id, query)),
    );
  }
}
