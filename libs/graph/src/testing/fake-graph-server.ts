import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export type FakeRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => void;

export interface FakeGraphServer {
  readonly origin: string;
  readonly baseUrl: string;
  /** Graph requests seen (token requests excluded), in order. */
  readonly requests: IncomingMessage[];
  /** Bodies posted to the token endpoint. */
  readonly tokenRequests: URLSearchParams[];
  route: FakeRoute;
  close(): Promise<void>;
}

export const FAKE_SECRET = 'Xy7Q~fake-client-secret-value-1234567890';

/**
 * A tiny local HTTP server for client unit tests: a token endpoint that
 * checks the secret and a Graph root whose answers each test scripts.
 * The real simulator lives in apps/graph-simulator.
 */
export async function startFakeGraphServer(): Promise<FakeGraphServer> {
  let tokens = 0;
  const state = {
    requests: [] as IncomingMessage[],
    tokenRequests: [] as URLSearchParams[],
    route: ((_req, res) => json(res, 200, {})) as FakeRoute,
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.endsWith('/oauth2/v2.0/token')) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        state.tokenRequests.push(form);
        if (form.get('client_secret') !== FAKE_SECRET) {
          return json(res, 401, {
            error: 'invalid_client',
            error_description: `AADSTS7000215: Invalid client secret provided: ${form.get('client_secret')}`,
          });
        }
        tokens += 1;
        json(res, 200, {
          token_type: 'Bearer',
          expires_in: 3600,
          access_token: `token-${tokens}`,
        });
      });
      return;
    }
    state.requests.push(req);
    state.route(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    origin,
    baseUrl: `${origin}/beta`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function graphError(
  res: ServerResponse,
  status: number,
  code: string,
  headers: Record<string, string> = {},
): void {
  json(
    res,
    status,
    {
      error: {
        code,
        message: `simulated ${code}`,
        innerError: { 'request-id': `rid-${status}`, date: '2026-01-01' },
      },
    },
    headers,
  );
}
