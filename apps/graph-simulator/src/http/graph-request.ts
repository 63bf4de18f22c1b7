import { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { AccessTokens } from '../auth/access-tokens';
import { GraphError, graphErrorBody, RequestIds } from '../graph/graph-error';
import { answerGraphGet, Paging } from '../graph/graph-router';
import { POLICY_COLLECTIONS } from '../seed/seeded-policy';
import { SimulatedTenant } from '../simulated-tenant';
import { sendJson, sendText } from './respond';

export const VERSION_ROOT = '/beta';

const DELETABLE = new Set([
  ...Object.values(POLICY_COLLECTIONS),
  'deviceAppManagement/managedAppPolicies',
]);

const ERROR_CODES: Record<number, string> = {
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export interface GraphRequestContext {
  readonly tenants: ReadonlyMap<string, SimulatedTenant>;
  readonly tokens: AccessTokens;
  readonly paging: Paging;
  /** Requests left unanswered on purpose, ended when the server closes. */
  readonly hanging: Set<ServerResponse>;
}

/** A request below `/beta`: authentication, faults, then the answer. */
export async function handleGraphRequest(
  context: GraphRequestContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  ids: RequestIds,
): Promise<void> {
  const fail = (error: GraphError) =>
    sendJson(
      response,
      error.status,
      graphErrorBody(error.code, error.message, ids),
      error.headers,
    );
  const tenant = authenticate(context, request);
  if (tenant instanceof GraphError) return fail(tenant);

  const path = `${url.pathname}${url.search}`;
  const log = (status: number, fault?: string) =>
    tenant.record({
      method: request.method ?? '',
      path,
      status,
      fault,
      at: Date.now(),
    });
  tenant.graphRequests += 1;
  const faults = tenant.faults;
  const key = faults.attempt(path);
  const latency = faults.latencyMs(key);
  if (latency > 0) await sleep(latency);

  const decision = faults.decide(
    key,
    path.slice(VERSION_ROOT.length),
    Date.now(),
  );
  switch (decision.kind) {
    case 'hang':
      context.hanging.add(response);
      response.on('close', () => context.hanging.delete(response));
      return log(0, 'hang');
    case 'reset':
      request.socket.destroy();
      return log(0, 'reset');
    case 'throttle':
      log(429, 'throttle');
      return fail(
        new GraphError(
          429,
          'TooManyRequests',
          'Too many requests. Please retry later.',
          decision.headers,
        ),
      );
    case 'serverError':
      log(decision.status, 'serverError');
      return fail(
        new GraphError(
          decision.status,
          ERROR_CODES[decision.status] ?? 'UnknownError',
          'An injected failure from the Graph simulator.',
        ),
      );
  }

  if (request.method !== 'GET') {
    log(405);
    return fail(
      new GraphError(405, 'MethodNotAllowed', 'The simulator only reads.'),
    );
  }
  try {
    const answer = answerGraphGet(tenant, url, VERSION_ROOT, context.paging);
    const text = JSON.stringify(answer.body);
    if (decision.kind === 'malformed') {
      log(200, 'malformed');
      sendText(response, 200, text.slice(0, Math.ceil(text.length / 2)));
      return;
    }
    log(200);
    sendText(response, 200, text);
    if (answer.listed && DELETABLE.has(answer.listed.collection)) {
      for (const id of answer.listed.ids) {
        if (faults.deletesAfterList(id)) tenant.deleted.add(id);
      }
    }
  } catch (error) {
    const graphError =
      error instanceof GraphError
        ? error
        : new GraphError(500, 'InternalServerError', String(error));
    log(graphError.status);
    fail(graphError);
  }
}

function authenticate(
  context: GraphRequestContext,
  request: IncomingMessage,
): SimulatedTenant | GraphError {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return new GraphError(
      401,
      'InvalidAuthenticationToken',
      'Access token is empty.',
    );
  }
  const check = context.tokens.check(match[1]);
  if (!check.ok) {
    return new GraphError(401, 'InvalidAuthenticationToken', check.reason);
  }
  const tenant = context.tenants.get(check.tenantId.toLowerCase());
  if (!tenant) {
    return new GraphError(401, 'InvalidAuthenticationToken', 'Unknown tenant.');
  }
  return tenant;
}
