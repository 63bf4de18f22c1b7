import { GraphCaptureError } from './graph-capture-error';
import { GraphErrorCode } from './graph-error-code';

interface GraphErrorBody {
  error?: {
    code?: unknown;
    message?: unknown;
    innerError?: Record<string, unknown>;
  };
}

/** What a failed response said, read from its headers and Graph error body. */
export interface FailedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly bodyText: string;
  /** For the message only; the path is kept, the origin dropped. */
  readonly method?: string;
  readonly url?: string;
  /** How many attempts the retry step made before giving up. */
  readonly attempts?: number;
}

/** Maps an HTTP status to its stable code. */
export function codeForStatus(status: number): GraphErrorCode {
  if (status === 404 || status === 410) return 'not_found';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 429) return 'throttled';
  if (status === 408 || status >= 500) return 'transient';
  return 'invalid_response';
}

/** Turns a non-2xx Graph response into a classified, sanitised error. */
export function classifyResponse(failed: FailedResponse): GraphCaptureError {
  const body = parseErrorBody(failed.bodyText);
  const inner = body?.error?.innerError ?? {};
  const graphErrorCode = stringOrUndefined(body?.error?.code);
  const graphRequestId =
    failed.headers.get('request-id') ??
    stringOrUndefined(inner['request-id']) ??
    undefined;
  const graphMessage =
    stringOrUndefined(body?.error?.message) ?? failed.bodyText.slice(0, 200);
  const where = failed.url
    ? ` ${failed.method ?? 'GET'} ${pathOf(failed.url)}`
    : '';
  const tries =
    failed.attempts && failed.attempts > 1
      ? ` after ${failed.attempts} attempts`
      : '';
  return new GraphCaptureError(
    codeForStatus(failed.status),
    `Graph answered ${failed.status}${where}${tries}: ${graphMessage}`,
    { status: failed.status, graphRequestId, graphErrorCode },
  );
}

/** Path and query without the origin, for short messages. */
export function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

function parseErrorBody(text: string): GraphErrorBody | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as GraphErrorBody)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
