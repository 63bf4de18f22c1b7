import { GraphObject } from '../client/graph-tenant-client';
import { GraphReader } from './graph-reader';
import { PolicyType } from './policy-type';

/**
 * How one policy type is read completely. `capture` returns the policy
 * with its sub-collections attached under their Graph names.
 */
export interface CaptureStrategy {
  readonly policyType: PolicyType;
  /** The collection the policy lives in, below the Graph base URL. */
  readonly collectionPath: string;
  capture(reader: GraphReader, graphId: string): Promise<GraphObject>;
  /** Where its assignments are; default `{collection}/{id}/assignments`. */
  assignmentsPath?(graphId: string): string;
}

/** `collection/{id}` with the id escaped for a path segment. */
export function itemPath(collectionPath: string, graphId: string): string {
  return `${collectionPath}/${encodeURIComponent(graphId)}`;
}

/** A strategy for types whose GET by id already returns everything. */
export function readById(
  policyType: PolicyType,
  collectionPath: string,
  query = '',
): CaptureStrategy {
  return {
    policyType,
    collectionPath,
    capture: (reader, graphId) =>
      reader.get(`${itemPath(collectionPath, graphId)}${query}`),
  };
}
