import { MiddlewareOptions } from '@microsoft/microsoft-graph-client';

import { GraphCaptureError } from '../errors';

/** Counts what a caller's reads cost; shared by all reads of one capture. */
export interface GraphRequestStats {
  /** HTTP requests sent to Graph, retries and token refreshes included. */
  requests: number;
}

/**
 * Per-request state carried through the middleware chain as a middleware
 * option. The SDK turns anything thrown inside the chain into a generic
 * `GraphError`, so the chain records its classified failure here.
 */
export class GraphRequestState implements MiddlewareOptions {
  attempts = 0;
  failure?: GraphCaptureError;

  constructor(
    readonly tenantId: string,
    /** The exact URL to send; nextLinks are used verbatim. */
    readonly url: string,
    readonly clientRequestId: string,
    readonly signal?: AbortSignal,
    readonly stats?: GraphRequestStats,
  ) {}

  static of(context: {
    middlewareControl?: {
      getMiddlewareOptions(fn: unknown): MiddlewareOptions;
    };
  }): GraphRequestState {
    const state =
      context.middlewareControl?.getMiddlewareOptions(GraphRequestState);
    if (!(state instanceof GraphRequestState)) {
      throw new Error('Graph request sent without GraphRequestState');
    }
    return state;
  }
}
