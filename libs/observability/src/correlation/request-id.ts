import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Reuses a well-formed incoming `x-request-id`, otherwise makes one. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming)
    ? incoming
    : randomUUID();
}

/**
 * The request's id, decided once: pino-http and the correlation
 * middleware both ask, in whichever order they are mounted.
 */
export function assignRequestId(
  req: IncomingMessage & { id?: unknown },
  res?: ServerResponse,
): string {
  if (typeof req.id === 'string') return req.id;
  const id = requestId(req);
  req.id = id;
  res?.setHeader('x-request-id', id);
  return id;
}
