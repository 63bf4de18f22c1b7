import { randomUUID } from 'node:crypto';

import { Client, ResponseType } from '@microsoft/microsoft-graph-client';

import {
  classifyNetworkError,
  classifyResponse,
  GraphCaptureError,
} from '../errors';
import { GraphRequestState, GraphRequestStats } from './graph-request-state';
import { relativeToBase, resolveGraphUrl } from './graph-url';

/** A Graph object or collection page as JSON. */
export type GraphObject = Record<string, unknown>;

export interface GraphCallOptions {
  /** Aborts the request and any wait (a job timeout or shutdown). */
  readonly signal?: AbortSignal;
  /** Sent as `client-request-id`; a new UUID when absent. */
  readonly clientRequestId?: string;
  /** Accumulates the number of HTTP requests made. */
  readonly stats?: GraphRequestStats;
}

/** Reads of a body that would not parse, the first included. */
const MALFORMED_ATTEMPTS = 2;

/** Stops a paging loop that Graph never ends (a repeated nextLink). */
const MAX_PAGES = 10_000;

/**
 * Reads Graph for one tenant through the project's middleware chain.
 * Every failure is a {@link GraphCaptureError} with a stable code.
 */
export class GraphTenantClient {
  constructor(
    private readonly sdk: Client,
    private readonly baseUrl: string,
    readonly tenantId: string,
  ) {}

  /**
   * GETs one object; `pathOrUrl` is relative to the base or a Graph link.
   * A 2xx body that is not JSON is fetched once more before it counts as
   * `invalid_response`: a truncated transfer looks just like that.
   */
  async get<T extends GraphObject = GraphObject>(
    pathOrUrl: string,
    options: GraphCallOptions = {},
  ): Promise<T> {
    const url = resolveGraphUrl(this.baseUrl, pathOrUrl);
    for (let attempt = 1; ; attempt++) {
      const { text, headers } = await this.send(url, options);
      const parsed = parseObject<T>(text);
      if (parsed) return parsed;
      if (attempt >= MALFORMED_ATTEMPTS) {
        throw new GraphCaptureError(
          'invalid_response',
          `Graph answered with malformed JSON for ${new URL(url).pathname}`,
          { graphRequestId: headers.get('request-id') ?? undefined },
        );
      }
    }
  }

  private async send(url: string, options: GraphCallOptions) {
    const state = new GraphRequestState(
      this.tenantId,
      url,
      options.clientRequestId ?? randomUUID(),
      options.signal,
      options.stats,
    );
    let response: Response;
    try {
      response = (await this.sdk
        .api(relativeToBase(this.baseUrl, url))
        .responseType(ResponseType.RAW)
        .middlewareOptions([state])
        .get()) as Response;
    } catch (error) {
      throw state.failure ?? classifyNetworkError(error, 'Graph request');
    }
    const text = await response.text();
    if (!response.ok) {
      throw classifyResponse({
        status: response.status,
        headers: response.headers,
        bodyText: text,
        url,
        attempts: state.attempts,
      });
    }
    return { text, headers: response.headers };
  }

  /**
   * GETs a collection and follows every `@odata.nextLink` to the end,
   * nested collections included; items come back in Graph's order.
   */
  async list<T extends GraphObject = GraphObject>(
    pathOrUrl: string,
    options: GraphCallOptions = {},
  ): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let next: string | undefined = pathOrUrl;
    for (let page = 0; next !== undefined; page++) {
      if (page >= MAX_PAGES || seen.has(next)) {
        throw new GraphCaptureError(
          'invalid_response',
          `Graph paging did not end for ${pathOrUrl.split('?')[0]}`,
        );
      }
      seen.add(next);
      const body: GraphObject = await this.get(next, {
        ...options,
        // One id per HTTP request; a caller's id names the first page.
        clientRequestId: page === 0 ? options.clientRequestId : undefined,
      });
      const value = body.value;
      if (!Array.isArray(value)) {
        throw new GraphCaptureError(
          'invalid_response',
          `Graph collection without a value array at ${pathOrUrl.split('?')[0]}`,
        );
      }
      items.push(...(value as T[]));
      const link: unknown = body['@odata.nextLink'];
      next = typeof link === 'string' && link.length > 0 ? link : undefined;
    }
    return items;
  }
}

function parseObject<T>(text: string): T | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed)
      ? (parsed as T)
      : undefined;
  } catch {
    return undefined;
  }
}
