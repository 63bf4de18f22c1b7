/** The request ids every Graph response and error body carry. */
export interface RequestIds {
  readonly requestId: string;
  readonly clientRequestId: string;
}

/** A Graph failure, turned into Graph's error body by the handler. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function graphErrorBody(
  code: string,
  message: string,
  ids: RequestIds,
): unknown {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}

export function notFound(what: string): GraphError {
  return new GraphError(404, 'ResourceNotFound', `Resource not found: ${what}`);
}
