import { Logger } from '@nestjs/common';

import {
  classifyNetworkError,
  GraphCaptureError,
  sanitizeMessage,
} from '../../errors';
import {
  GraphCredentials,
  GraphCredentialsSource,
} from './graph-credentials-source';

interface CachedToken {
  readonly value: string;
  readonly renewAt: number;
}

export interface AccessTokenProviderOptions {
  readonly authorityHost: string;
  /** Resource scope, e.g. `https://graph.microsoft.com/.default`. */
  readonly scope: string;
  readonly refreshMarginMs: number;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/**
 * App-only tokens per tenant with the client-credentials grant, by plain
 * `fetch` (MSAL refuses the simulator's http authority). Tokens are cached
 * until shortly before expiry; concurrent callers share one acquisition.
 */
export class AccessTokenProvider {
  private readonly logger = new Logger(AccessTokenProvider.name);
  private readonly cache = new Map<string, CachedToken>();
  private readonly pending = new Map<string, Promise<CachedToken>>();

  constructor(
    private readonly credentials: GraphCredentialsSource,
    private readonly options: AccessTokenProviderOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid token; `rejected` is one Graph just refused, never reused. */
  async tokenFor(tenantId: string, rejected?: string): Promise<string> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.value !== rejected && cached.renewAt > this.now()) {
      return cached.value;
    }
    let pending = this.pending.get(tenantId);
    if (!pending) {
      // Shared by concurrent callers, so bound by its own timeout only.
      pending = this.acquire(tenantId).finally(() =>
        this.pending.delete(tenantId),
      );
      this.pending.set(tenantId, pending);
    }
    const token = await pending;
    this.cache.set(tenantId, token);
    return token.value;
  }

  /** Forgets a tenant's token, e.g. after its secret was rotated. */
  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private async acquire(tenantId: string): Promise<CachedToken> {
    let credentials: GraphCredentials;
    try {
      credentials = await this.credentials.credentialsFor(tenantId);
    } catch (error) {
      if (error instanceof GraphCaptureError) throw error;
      throw new GraphCaptureError(
        'forbidden',
        `no usable Graph credentials for tenant ${tenantId}`,
        {},
        { cause: error },
      );
    }
    const started = this.now();
    const url = `${this.options.authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(credentials.entraTenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: this.options.scope,
    });
    let response: Response;
    let text: string;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw classifyNetworkError(error, 'token request');
    }
    if (!response.ok) throw this.tokenError(response, text, credentials);

    const parsed = parseTokenResponse(text);
    if (!parsed) {
      throw new GraphCaptureError(
        'invalid_response',
        'token endpoint answered without an access token',
      );
    }
    const lifetimeMs = parsed.expiresInSeconds * 1000;
    // Short-lived tokens (simulator) renew at half-life, not never.
    const margin = Math.min(this.options.refreshMarginMs, lifetimeMs / 2);
    return { value: parsed.token, renewAt: started + lifetimeMs - margin };
  }

  private tokenError(
    response: Response,
    text: string,
    credentials: GraphCredentials,
  ): GraphCaptureError {
    const known = [credentials.clientSecret];
    let detail = text.slice(0, 300);
    let aadCode: string | undefined;
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      aadCode = typeof json.error === 'string' ? json.error : undefined;
      detail = String(json.error_description ?? json.error ?? detail);
    } catch {
      // not JSON: keep the raw start, sanitised below
    }
    const status = response.status;
    // The authority refusing the credentials is final; its outages are not.
    const code =
      status === 429 ? 'throttled' : status >= 500 ? 'transient' : 'forbidden';
    const message = sanitizeMessage(
      `token request refused: ${detail}`,
      400,
      known,
    );
    this.logger.warn(`token request refused with ${status} ${aadCode ?? ''}`);
    return new GraphCaptureError(code, message, {
      status,
      graphErrorCode: aadCode,
      graphRequestId: response.headers.get('x-ms-request-id') ?? undefined,
    });
  }
}

function parseTokenResponse(
  text: string,
): { token: string; expiresInSeconds: number } | undefined {
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const token = json.access_token;
    const expiresIn = Number(json.expires_in ?? 3600);
    if (typeof token !== 'string' || token.length === 0) return undefined;
    return {
      token,
      expiresInSeconds:
        Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
    };
  } catch {
    return undefined;
  }
}
