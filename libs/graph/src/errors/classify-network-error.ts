import { GraphCaptureError } from './graph-capture-error';

// Codes Node and undici use for a connection that broke or never formed.
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Classifies an exception thrown by `fetch` (not a response): broken and
 * refused connections are transient; anything else is treated as
 * transient too, because a request that never got an answer says nothing
 * about the policy.
 */
export function classifyNetworkError(
  error: unknown,
  what: string,
): GraphCaptureError {
  if (error instanceof GraphCaptureError) return error;
  const code = networkCode(error);
  const reason = code ?? (error instanceof Error ? error.name : 'error');
  return new GraphCaptureError(
    'transient',
    `${what} failed before an answer (${reason})`,
    {},
    { cause: error },
  );
}

/** True for errors that mean the connection failed, not the request. */
export function isConnectionFailure(error: unknown): boolean {
  const code = networkCode(error);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

// undici wraps the socket error: TypeError('fetch failed', { cause }).
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
