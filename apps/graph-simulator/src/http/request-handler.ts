import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

import { graphErrorBody } from '../graph/graph-error';
import {
  GraphRequestContext,
  handleGraphRequest,
  VERSION_ROOT,
} from './graph-request';
import { sendJson } from './respond';
import { handleTokenRequest, TOKEN_PATH } from './token-request';

/** Routes a request to the token endpoint or to Graph. */
export function createRequestHandler(
  context: GraphRequestContext,
  origin: () => string,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const requestId = randomUUID();
    const clientHeader = request.headers['client-request-id'];
    const ids = {
      requestId,
      clientRequestId:
        typeof clientHeader === 'string' ? clientHeader : requestId,
    };
    response.setHeader('request-id', ids.requestId);
    response.setHeader('client-request-id', ids.clientRequestId);
    const url = new URL(request.url ?? '/', origin());

    const done = (work: Promise<void>) =>
      work.catch((error: unknown) => {
        if (response.headersSent) return response.destroy();
        sendJson(
          response,
          500,
          graphErrorBody('InternalServerError', String(error), ids),
        );
      });
    const token = TOKEN_PATH.exec(url.pathname);
    if (token && request.method === 'POST') {
      return void done(
        handleTokenRequest(
          context.tenants,
          context.tokens,
          request,
          response,
          token[1],
        ),
      );
    }
    if (
      url.pathname === VERSION_ROOT ||
      url.pathname.startsWith(`${VERSION_ROOT}/`)
    ) {
      return void done(
        handleGraphRequest(context, request, response, url, ids),
      );
    }
    sendJson(
      response,
      404,
      graphErrorBody('NotFound', `No route for ${url.pathname}.`, ids),
    );
  };
}
