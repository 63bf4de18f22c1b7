import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { GraphSimulator, SimulatedTenantInfo } from '../simulator';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs?: number;
  /** Trusted certificate for https. */
  readonly ca?: string;
}

/** A plain HTTP(S) call for tests: no retries, no keep-alive. */
export function call(
  url: string,
  options: RequestOptions = {},
): Promise<HttpAnswer> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: options.method ?? 'GET',
        headers: { Connection: 'close', ...options.headers },
        timeout: options.timeoutMs ?? 5_000,
        agent: false,
        ca: options.ca,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)),
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

export function postForm(
  url: string,
  form: Record<string, string>,
  options: RequestOptions = {},
): Promise<HttpAnswer> {
  return call(url, {
    ...options,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

export async function accessToken(
  simulator: GraphSimulator,
  tenant: SimulatedTenantInfo,
  options: RequestOptions = {},
): Promise<string> {
  const answer = await postForm(
    simulator.tokenUrl(tenant.tenantId),
    {
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    },
    options,
  );
  if (answer.status !== 200) throw new Error(answer.text);
  return (JSON.parse(answer.text) as { access_token: string }).access_token;
}

export type GraphObject = Record<string, unknown>;

/** Follows `@odata.nextLink` to the end; returns the items and page count. */
export async function readAllPages(
  url: string,
  token: string,
  options: RequestOptions = {},
): Promise<{ items: GraphObject[]; pages: number }> {
  const items: GraphObject[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const answer = await call(next, {
      ...options,
      headers: { Authorization: `Bearer ${token}` },
    });
    if (answer.status !== 200)
      throw new Error(`${answer.status} ${answer.text}`);
    const page = JSON.parse(answer.text) as {
      value: GraphObject[];
      '@odata.nextLink'?: string;
    };
    items.push(...page.value);
    pages += 1;
    next = page['@odata.nextLink'];
  }
  return { items, pages };
}
