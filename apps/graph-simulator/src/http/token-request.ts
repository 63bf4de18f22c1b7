import { IncomingMessage, ServerResponse } from 'node:http';

import { AccessTokens } from '../auth/access-tokens';
import { answerTokenRequest } from '../auth/token-endpoint';
import { SimulatedTenant } from '../simulated-tenant';
import { readBody } from './read-body';
import { sendJson } from './respond';

export const TOKEN_PATH = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;

/** `POST /{tenant}/oauth2/v2.0/token`, the Entra endpoint. */
export async function handleTokenRequest(
  tenants: ReadonlyMap<string, SimulatedTenant>,
  tokens: AccessTokens,
  request: IncomingMessage,
  response: ServerResponse,
  tenantSegment: string,
): Promise<void> {
  const form = new URLSearchParams(await readBody(request));
  const tenant = tenants.get(tenantSegment.toLowerCase());
  if (tenant) tenant.tokenRequests += 1;
  const answer = answerTokenRequest(tenant?.data, tenantSegment, form, tokens);
  sendJson(
    response,
    answer.status,
    answer.body,
    { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' },
    'application/json; charset=utf-8',
  );
}
