import { ServerResponse } from 'node:http';

export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = GRAPH_JSON,
): void {
  sendText(response, status, JSON.stringify(body), headers, contentType);
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
  contentType = GRAPH_JSON,
): void {
  const payload = Buffer.from(text);
  response.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(payload.length),
  });
  response.end(payload);
}
