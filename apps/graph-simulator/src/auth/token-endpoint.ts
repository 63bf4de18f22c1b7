import { randomUUID } from 'node:crypto';

import { AccessTokens } from './access-tokens';

export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface TenantCredentials {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * The Entra client-credentials grant. Error bodies follow AAD's shape;
 * a secret is never echoed.
 */
export function answerTokenRequest(
  tenant: TenantCredentials | undefined,
  tenantSegment: string,
  form: URLSearchParams,
  tokens: AccessTokens,
): TokenAnswer {
  if (!tenant) {
    return aadError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenantSegment}' not found.`,
    );
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return aadError(
      400,
      'unsupported_grant_type',
      70003,
      'The app requested an unsupported grant type.',
    );
  }
  const clientId = form.get('client_id');
  if (clientId !== tenant.clientId) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant.tenantId}'.`,
    );
  }
  if (form.get('client_secret') !== tenant.clientSecret) {
    return aadError(
      401,
      'invalid_client',
      7000215,
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
    );
  }
  if (form.get('scope') !== GRAPH_DEFAULT_SCOPE) {
    return aadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
    );
  }
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: tokens.expiresIn,
      ext_expires_in: tokens.expiresIn,
      access_token: tokens.issue(tenant.tenantId, tenant.clientId),
    },
  };
}

function aadError(
  status: number,
  error: string,
  code: number,
  description: string,
): TokenAnswer {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp =
    new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}
