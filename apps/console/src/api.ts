import type { Session } from './session';

/** An API answer other than 2xx, from its problem details when present. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

type Listener = () => void;
let onUnauthorized: Listener = () => undefined;

/** Called on every 401, so any page can send the user back to sign-in. */
export function whenUnauthorized(listener: Listener): void {
  onUnauthorized = listener;
}

interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

/** A readable sentence from a problem details body. */
export function problemMessage(status: number, body: unknown): string {
  const problem = (body ?? {}) as Problem;
  const main =
    problem.detail || problem.title || `The request failed (${status}).`;
  const fields = (problem.errors ?? []).map((e) => e.message).join('; ');
  return fields ? `${main} ${fields}.` : main;
}

async function failure(response: Response): Promise<ApiError> {
  if (response.status === 401) onUnauthorized();
  const body: unknown = await response.json().catch(() => undefined);
  const code = (body as Problem | undefined)?.code;
  return new ApiError(
    response.status,
    problemMessage(response.status, body),
    code,
  );
}

export async function call<T>(
  session: Session,
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    signal: init.signal,
    headers: {
      authorization: `Bearer ${session.token}`,
      accept: 'application/json',
      ...(init.body === undefined
        ? {}
        : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw await failure(response);
  return response.status === 204
    ? (undefined as T)
    : ((await response.json()) as T);
}

export interface SseMessage {
  readonly event: string;
  readonly data: string;
}

/**
 * Splits a server-sent event stream into messages. Returns the messages
 * complete so far and the unfinished rest of the buffer.
 */
export function parseSse(buffer: string): {
  messages: SseMessage[];
  rest: string;
} {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const messages: SseMessage[] = [];
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) messages.push({ event, data: data.join('\n') });
  }
  return { messages, rest };
}

/**
 * Follows a server-sent event stream with fetch, because EventSource cannot
 * send the Authorization header. Resolves when the server ends the stream.
 */
export async function follow(
  session: Session,
  path: string,
  onMessage: (message: SseMessage) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(path, {
    signal,
    headers: {
      authorization: `Bearer ${session.token}`,
      accept: 'text/event-stream',
    },
  });
  if (!response.ok || !response.body) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const parsed = parseSse(buffer + value);
    buffer = parsed.rest;
    parsed.messages.forEach(onMessage);
  }
}
